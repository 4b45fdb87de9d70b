package org.jwtgate.security;

/** {@link CacheAttackTest}, every test through the jakarta and javax authentication modules ({@link Gate}). */
class CacheAttackModuleTest extends CacheAttackTest implements AttackFamily.ThroughTheModules {
}
