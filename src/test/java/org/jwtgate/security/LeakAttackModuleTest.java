package org.jwtgate.security;

/** {@link LeakAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class LeakAttackModuleTest extends LeakAttackTest
        implements AttackFamily.ThroughTheModules {
}
