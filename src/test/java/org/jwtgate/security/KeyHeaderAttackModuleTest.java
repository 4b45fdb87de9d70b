package org.jwtgate.security;

/** {@link KeyHeaderAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class KeyHeaderAttackModuleTest extends KeyHeaderAttackTest
        implements AttackFamily.ThroughTheModules {
}
