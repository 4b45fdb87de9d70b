package org.jwtgate.security;

/** {@link ClaimsAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class ClaimsAttackModuleTest extends ClaimsAttackTest
        implements AttackFamily.ThroughTheModules {
}
