package org.jwtgate.security;

/** {@link WeakConfigurationAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class WeakConfigurationAttackModuleTest extends WeakConfigurationAttackTest
        implements AttackFamily.ThroughTheModules {
}
