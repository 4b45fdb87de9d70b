package org.jwtgate.security;

/** {@link AlgorithmAttackTest}, every test through the jakarta and javax authentication modules ({@link Gate}). */
class AlgorithmAttackModuleTest extends AlgorithmAttackTest implements AttackFamily.ThroughTheModules {
}
