package org.jwtgate.internal.keys;

import java.math.BigInteger;

/**
 * Recognises RSA moduli made by the Infineon RSALib that the ROCA attack (CVE-2017-15361; Nemec,
 * Sys, Svenda, Klinec, Matyas, "The Return of Coppersmith's Attack: Practical Factorization of
 * Widely Used RSA Moduli", ACM CCS 2017) factors: the private key of such a public key can be
 * computed.
 *
 * <p>The library makes each prime as {@code k·M + (65537^a mod M)}, with {@code M} a product of the
 * first small primes (all primes up to 167 at least, for every key size), so the modulus lies in
 * the subgroup that 65537 generates mod {@code M}: {@code N ≡ 65537^(a+b) (mod M)}. This is the
 * authors' "dlog" fingerprint (roca-detect, github.com/crocs-muni/roca, {@code roca/detect.py},
 * class {@code DlogFprint}, {@code max_prime=167}), done here per prime: mod each odd prime {@code r}
 * up to 167, {@code N} must be a power {@code 65537^x_r} (their older "moduli" test, also in the
 * Java port {@code java/BrokenKey.java}, stops there, and an honest modulus passes it about once in
 * 2^28), and the exponents must fit one {@code x} (generalised Chinese remainder theorem:
 * {@code x_r ≡ x_s} modulo {@code gcd(ord_r, ord_s)} for every pair), which only about one honest
 * modulus in 2^154 does. The subgroups are computed here from 65537 rather than copied; the test
 * compares them with the published masks. No maintained Java library on Maven Central offers the
 * check.
 *
 * <p>Stateless and thread-safe.
 */
final class RocaFingerprint {

    /** The odd primes of the fingerprint, as in roca-detect: every one up to 167 (2 adds nothing). */
    static final int[] PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
        83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};

    private static final int GENERATOR = 65537;

    /** For each prime, the discrete logarithm to base 65537 of each residue, -1 outside the subgroup. */
    private static final int[][] LOGS = new int[PRIMES.length][];
    /** For each prime, the order of 65537 modulo it. */
    private static final int[] ORDERS = new int[PRIMES.length];

    static {
        for (int i = 0; i < PRIMES.length; i++) {
            int prime = PRIMES[i];
            int[] logs = new int[prime];
            java.util.Arrays.fill(logs, -1);
            int power = 1;
            int exponent = 0;
            do {
                logs[power] = exponent++;
                power = (int) ((long) power * GENERATOR % prime);
            } while (power != 1);
            LOGS[i] = logs;
            ORDERS[i] = exponent;
        }
    }

    private RocaFingerprint() {
    }

    /** Whether {@code residue} lies mod {@code PRIMES[primeIndex]} in the subgroup of 65537. For the test. */
    static boolean inSubgroup(int primeIndex, int residue) {
        return LOGS[primeIndex][residue] >= 0;
    }

    /** Whether the modulus has the ROCA fingerprint. */
    static boolean matches(BigInteger modulus) {
        int[] exponents = new int[PRIMES.length];
        for (int i = 0; i < PRIMES.length; i++) {
            exponents[i] = LOGS[i][modulus.mod(BigInteger.valueOf(PRIMES[i])).intValue()];
            if (exponents[i] < 0) {
                return false; // the common case: most honest moduli leave at the first few primes
            }
        }
        for (int i = 0; i < PRIMES.length; i++) {
            for (int j = i + 1; j < PRIMES.length; j++) {
                int common = gcd(ORDERS[i], ORDERS[j]);
                if (exponents[i] % common != exponents[j] % common) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
