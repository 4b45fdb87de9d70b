package org.jwtgate.security;

/** {@link TokenStructureAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class TokenStructureAttackModuleTest extends TokenStructureAttackTest
        implements AttackFamily.ThroughTheModules {
}
