package org.jwtgate.testing;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * RSA key pairs with the prime structure of the Infineon RSALib that ROCA (CVE-2017-15361) breaks,
 * made at run time: each prime is {@code k·M + (65537^a mod M)} with {@code M} the product of the
 * first small primes, as many as the ROCA paper (Nemec et al., CCS 2017, table 1) gives for the key
 * size: 39 (primes up to 167) for 512–960-bit keys, 71 for 992–1952, 126 for 1984–3936, 225 above.
 * A 2048-bit pair takes well under a second: the candidates avoid every small prime by
 * construction, so about one in sixty is prime.
 */
public final class RocaKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger GENERATOR = BigInteger.valueOf(65537);
    private static KeyPair rsa2048;

    private RocaKeys() {
    }

    /** One 2048-bit pair per JVM. */
    public static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = newPair(2048);
        }
        return rsa2048;
    }

    /** A fresh pair whose modulus has exactly {@code bits} bits (an even number). */
    public static KeyPair newPair(int bits) {
        BigInteger m = primorial(primesInM(bits));
        BigInteger e = GENERATOR;
        while (true) {
            BigInteger p = prime(bits / 2, m);
            BigInteger q = prime(bits / 2, m);
            BigInteger n = p.multiply(q);
            if (p.equals(q) || n.bitLength() != bits) {
                continue;
            }
            BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
            BigInteger d = e.modInverse(phi);
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(n, e)),
                        rsa.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q,
                                d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p))));
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** A prime {@code k·M + (65537^a mod M)} of {@code bits} bits, with 65537 prime to {@code p - 1}. */
    private static BigInteger prime(int bits, BigInteger m) {
        BigInteger low = BigInteger.ONE.shiftLeft(bits - 1).divide(m).add(BigInteger.ONE);
        BigInteger span = BigInteger.ONE.shiftLeft(bits).divide(m).subtract(low);
        BigInteger power = GENERATOR.modPow(new BigInteger(m.bitLength(), RANDOM), m);
        while (true) {
            BigInteger k = low.add(new BigInteger(span.bitLength() + 8, RANDOM).mod(span));
            BigInteger p = k.multiply(m).add(power);
            if (p.bitLength() == bits && p.isProbablePrime(64)
                    && !p.subtract(BigInteger.ONE).mod(GENERATOR).equals(BigInteger.ZERO)) {
                return p;
            }
        }
    }

    private static int primesInM(int keyBits) {
        return keyBits <= 960 ? 39 : keyBits <= 1952 ? 71 : keyBits <= 3936 ? 126 : 225;
    }

    private static BigInteger primorial(int count) {
        BigInteger product = BigInteger.ONE;
        BigInteger prime = BigInteger.TWO;
        for (int i = 0; i < count; i++) {
            product = product.multiply(prime);
            prime = prime.nextProbablePrime();
        }
        return product;
    }
}
