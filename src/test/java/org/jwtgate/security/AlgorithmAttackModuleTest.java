package org.jwtgate.security;

/** {@link AlgorithmAttackTest}, also through the jakarta and javax authentication modules ({@link Gate}). */
class AlgorithmAttackModuleTest extends AlgorithmAttackTest
        implements AttackFamily.ThroughTheModules {
}
