package org.jwtgate.security;

/** {@link ClaimsAttackTest}, every test through the jakarta and javax authentication modules ({@link Gate}). */
class ClaimsAttackModuleTest extends ClaimsAttackTest implements AttackFamily.ThroughTheModules {
}
