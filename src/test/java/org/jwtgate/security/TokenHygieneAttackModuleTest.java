package org.jwtgate.security;

/** {@link TokenHygieneAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class TokenHygieneAttackModuleTest extends TokenHygieneAttackTest
        implements AttackFamily.ThroughTheModules {
}
