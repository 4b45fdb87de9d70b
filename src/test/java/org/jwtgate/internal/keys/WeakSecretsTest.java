package org.jwtgate.internal.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The weak-secret check raises no false alarm on random keys, and its repetition measure behaves
 * at its edges. The refusals themselves are cases of
 * {@code org.jwtgate.security.WeakConfigurationAttackTest}, sent through {@code init()}.
 */
class WeakSecretsTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sizes {@code keygen} accepts (32 to 1024 bytes), the common ones drawn most often. */
    private static final int[] SIZES = {32, 32, 32, 48, 48, 64, 64, 64, 33, 40, 56, 72, 96, 128, 200, 256, 512, 1024};

    /**
     * How a random secret is configured: as {@code keygen} prints it (base64, base64url, hex) with
     * the matching {@code secretEncoding}; the same text with the default {@code utf8} (its
     * characters then are the key); and hex in capitals, as other tools print it.
     */
    private enum Form {
        BASE64, BASE64URL, HEX, HEX_UPPER, UTF8_OF_BASE64, UTF8_OF_BASE64URL, UTF8_OF_HEX;

        Optional<String> check(byte[] random) {
            String text = switch (this) {
                case BASE64, UTF8_OF_BASE64 -> Base64.getEncoder().encodeToString(random);
                case BASE64URL, UTF8_OF_BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                case HEX_UPPER -> HexFormat.of().withUpperCase().formatHex(random);
                case HEX, UTF8_OF_HEX -> HexFormat.of().formatHex(random);
            };
            byte[] key = name().startsWith("UTF8") ? text.getBytes(StandardCharsets.UTF_8) : random;
            return WeakSecrets.weakness(text, key);
        }
    }

    @Test
    void weakness_100000SecureRandomSecretsOfEverySizeAndEncoding_noneRefused() {
        List<String> refused = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < 100_000; i++) {
            // Large sizes cost more to check and add little: one draw in ten uses them.
            int size = i % 10 == 0 ? SIZES[RANDOM.nextInt(SIZES.length)] : SIZES[RANDOM.nextInt(8)];
            byte[] random = new byte[size];
            RANDOM.nextBytes(random);
            Form form = Form.values()[i % Form.values().length];
            Optional<String> weakness = form.check(random);
            checked++;
            if (weakness.isPresent()) {
                refused.add(form + " of " + size + " bytes: " + weakness.get());
            }
        }
        assertEquals(100_000, checked);
        assertEquals(List.of(), refused);
    }

    @Test
    void weakness_everySizeAndFormOnce_noneRefused() {
        for (int size : SIZES) {
            for (Form form : Form.values()) {
                byte[] random = new byte[size];
                RANDOM.nextBytes(random);
                assertEquals(Optional.empty(), form.check(random), form + " of " + size + " bytes");
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"abcabcabcabc", "abcabcabcab", "abcdefghijklmnopqrstabcdefghijklmnopqrs",
        "abc1abc2abc3abc4", "Xabcabcabcabc", "abcabcabcabc!!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"})
    void isMostlyRepetition_unitRepeatedWholeCutOrTouchedUp_true(String text) {
        assertTrue(WeakSecrets.isMostlyRepetition(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"abcdefghijklmnopqrstuvwxyz0123456789", "abcdefghijklmnopqrstuvwxyzabcdefgh",
        "correct horse battery staple correct horse"})
    void isMostlyRepetition_lessThanNearlyHalfRepeated_false(String text) {
        assertFalse(WeakSecrets.isMostlyRepetition(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void weakness_publishedSecretWithOneCharacterMoreOrLess_caughtWithoutCase() {
        for (String secret : new String[] {"a-string-secret-at-least-256-bits-long", "pleaseChangeThisSecretForANewOne",
            "super-secret-jwt-token-with-at-least-32-characters-long"}) {
            for (String variant : new String[] {secret + "!", "!" + secret, secret.toUpperCase(Locale.ROOT) + "9",
                "prefix-" + secret + "-suffix"}) {
                assertTrue(WeakSecrets.weakness(variant, variant.getBytes(StandardCharsets.UTF_8)).isPresent(), variant);
            }
        }
    }
}
