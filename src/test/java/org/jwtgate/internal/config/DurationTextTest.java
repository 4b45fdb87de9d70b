package org.jwtgate.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration syntax of web.xml and the command line; ranges are the callers' (see their tests). */
class DurationTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"90,90", "90s,90", "15m,900", "1h,3600", "2d,172800", "0,0", "0d,0", "3650d,315360000",
        "+45,45", "-5,-5", "-5m,-300", "007,7", "12345678901,12345678901"})
    void parse_numberWithOptionalUnit_wholeSeconds(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), DurationText.parse(text));
    }

    /** As web.xml's bare seconds always were: {@link Long#parseLong} takes any Unicode decimal digits. */
    @Test
    void parse_nonAsciiDigits_readAsLongParseLongReadsThem() {
        assertEquals(Duration.ofSeconds(30), DurationText.parse("\u0663\u0660"));
        assertEquals(Duration.ofMinutes(30), DurationText.parse("\u0663\u0660m"));
    }

    @Test
    void parse_tooLargeForItsUnit_saturatesSoEveryRangeRefusesIt() {
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), DurationText.parse("9223372036854775807d"));
        assertEquals(Duration.ofSeconds(Long.MIN_VALUE), DurationText.parse("-9223372036854775807h"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "s", "m", "1w", "1M", "1S", "1.5h", "0.5", "1 m", " 1m", "1m ", "m5", "5ms", "1d1h",
        "1e3", "0x10", "--5", "99999999999999999999", "thirty"})
    void parse_notANumberWithOptionalUnit_refusedWithoutEchoingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
        // One fixed sentence, whatever the text: a reference may have resolved to a secret by mistake.
        assertEquals(assertThrows(IllegalArgumentException.class, () -> DurationText.parse("x")).getMessage(),
                e.getMessage());
    }

    @Test
    void describe_twoOrThreeLargestUnits() {
        assertEquals("45s", DurationText.describe(Duration.ofSeconds(45)));
        assertEquals("2d 3h", DurationText.describe(Duration.ofHours(51).plusMinutes(7)));
    }
}
