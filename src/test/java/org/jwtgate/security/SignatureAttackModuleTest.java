package org.jwtgate.security;

/** {@link SignatureAttackTest}, every test through the jakarta and javax authentication modules ({@link Gate}). */
class SignatureAttackModuleTest extends SignatureAttackTest implements AttackFamily.ThroughTheModules {
}
