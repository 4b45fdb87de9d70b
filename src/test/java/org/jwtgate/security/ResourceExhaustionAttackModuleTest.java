package org.jwtgate.security;

/** {@link ResourceExhaustionAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class ResourceExhaustionAttackModuleTest extends ResourceExhaustionAttackTest
        implements AttackFamily.ThroughTheModules {
}
