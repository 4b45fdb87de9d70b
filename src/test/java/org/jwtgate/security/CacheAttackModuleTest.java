package org.jwtgate.security;

/** {@link CacheAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class CacheAttackModuleTest extends CacheAttackTest
        implements AttackFamily.ThroughTheModules {
}
