package org.jwtgate.security;

/** {@link TimeAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class TimeAttackModuleTest extends TimeAttackTest
        implements AttackFamily.ThroughTheModules {
}
