package org.jwtgate.security;

/** {@link ResourceExhaustionAttackTest}, every test through the jakarta and javax authentication modules ({@link Gate}). */
class ResourceExhaustionAttackModuleTest extends ResourceExhaustionAttackTest implements AttackFamily.ThroughTheModules {
}
