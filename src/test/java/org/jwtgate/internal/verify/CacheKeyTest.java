package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The cache's key: equal only for the whole same text, whatever its hash reads; the hash reads
 * the tail, the length and the seed, and spreads real signatures over a table's low bits.
 */
class CacheKeyTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    @Test
    void equals_sameTextDifferentInstances_equalAndSameHash() {
        String text = randomText(new Random(1), 926);
        CacheKey one = new CacheKey(text, 42);
        CacheKey other = new CacheKey(new String(text.toCharArray()), 42);
        assertEquals(one, other);
        assertEquals(one.hashCode(), other.hashCode());
    }

    @Test
    void equals_textsDifferingBeforeTheHashedTail_sameHashButNotEqual() {
        // The hash cannot tell them apart; equality, on the whole text, must.
        String tail = randomText(new Random(2), CacheKey.HASHED_CHARS);
        CacheKey one = new CacheKey("Bearer a." + tail, 7);
        CacheKey other = new CacheKey("Bearer b." + tail, 7);
        assertEquals(one.hashCode(), other.hashCode());
        assertNotEquals(one, other);
    }

    @Test
    void hashCode_eachTailPositionAndTheLength_change() {
        String text = randomText(new Random(3), 300);
        int hash = new CacheKey(text, 9).hashCode();
        for (int i = text.length() - CacheKey.HASHED_CHARS; i < text.length(); i++) {
            char changed = text.charAt(i) == 'A' ? 'B' : 'A';
            String other = text.substring(0, i) + changed + text.substring(i + 1);
            assertNotEquals(hash, new CacheKey(other, 9).hashCode(), "position " + i);
        }
        assertNotEquals(hash, new CacheKey("x" + text, 9).hashCode(), "the length");
    }

    @Test
    void hashCode_charactersSwappedInPairs_differs() {
        String text = randomText(new Random(4), 100);
        StringBuilder swapped = new StringBuilder(text);
        for (int i = text.length() - CacheKey.HASHED_CHARS; i + 1 < text.length(); i += 2) {
            swapped.setCharAt(i, text.charAt(i + 1));
            swapped.setCharAt(i + 1, text.charAt(i));
        }
        assertFalse(text.contentEquals(swapped));
        assertNotEquals(new CacheKey(text, 5).hashCode(), new CacheKey(swapped.toString(), 5).hashCode());
    }

    @Test
    void hashCode_otherSeed_otherHash() {
        // A per-cache random seed: nobody precomputes keys that collide in a cache they cannot see.
        String text = randomText(new Random(5), 926);
        Set<Integer> hashes = new HashSet<>();
        for (int seed = 0; seed < 64; seed++) {
            hashes.add(new CacheKey(text, seed * 0x61C88647).hashCode());
        }
        assertEquals(64, hashes.size());
    }

    @Test
    void hashCode_tenThousandSignatures_spreadOverATablesLowBits() {
        // 10,000 tokens that differ in their signature only (the default cache size), in a table of
        // 16,384 buckets: close to what random hashes give (about 2,500 shared buckets).
        Random random = new Random(6);
        String prefix = randomText(random, 800) + ".";
        int buckets = 1 << 14;
        Set<Integer> used = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            int hash = new CacheKey(prefix + randomText(random, 86), 0x2545F491).hashCode();
            hashes.add(hash);
            used.add(hash & (buckets - 1));
        }
        assertTrue(hashes.size() >= 9_990, "distinct hashes: " + hashes.size());
        assertTrue(used.size() >= 7_000, "buckets used: " + used.size());
    }

    @Test
    void toString_neverTheText() {
        String text = randomText(new Random(7), 50);
        assertFalse(new CacheKey(text, 1).toString().contains(text.substring(0, 10)));
    }
}
