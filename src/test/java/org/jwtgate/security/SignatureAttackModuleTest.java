package org.jwtgate.security;

/** {@link SignatureAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class SignatureAttackModuleTest extends SignatureAttackTest
        implements AttackFamily.ThroughTheModules {
}
