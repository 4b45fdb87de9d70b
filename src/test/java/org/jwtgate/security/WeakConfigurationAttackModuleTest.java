package org.jwtgate.security;

/** {@link WeakConfigurationAttackTest}, every configuration also given to the jakarta and javax authentication modules ({@link Gate}). */
class WeakConfigurationAttackModuleTest extends WeakConfigurationAttackTest implements AttackFamily.ThroughTheModules {
}
