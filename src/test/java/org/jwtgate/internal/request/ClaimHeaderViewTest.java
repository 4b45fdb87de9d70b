package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The header logic the servlet wrappers delegate to, without a servlet type. */
class ClaimHeaderViewTest {

    private final ClaimHeaderView view = new ClaimHeaderView(Set.of("X-User", "X-Since", "X-Level"));

    private static Map<String, String> values(String... pairs) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values;
    }

    @Test
    void hides_configuredNameAnyCase_trueOthersAndNullFalse() {
        assertTrue(view.hides("x-user"));
        assertTrue(view.hides("X-USER"));
        assertFalse(view.hides("X-Other"));
        assertFalse(view.hides(null));
        assertFalse(view.isEmpty());
        assertTrue(new ClaimHeaderView(Set.of()).isEmpty());
    }

    @Test
    void headers_claimAbsentFromToken_emptyNotTheClientsValue() {
        assertFalse(view.headers(values(), "X-User").hasMoreElements());
        assertNull(view.header(values(), "X-User"));
        assertEquals(List.of("alice"), Collections.list(view.headers(values("x-user", "alice"), "X-User")));
    }

    @Test
    void headerNames_clientCopiesDroppedTokensOwnAdded() {
        List<String> names = Collections.list(view.headerNames(values("X-User", "alice"),
                Collections.enumeration(List.of("Accept", "x-user", "X-Level"))));
        assertEquals(List.of("Accept", "X-User"), names);
        assertEquals(List.of("X-User"), Collections.list(view.headerNames(values("X-User", "alice"), null)));
    }

    @Test
    void intHeader_numberParsedAbsentMinusOneOtherwiseNumberFormatException() {
        assertEquals(7, view.intHeader(values("X-Level", "7"), "X-Level"));
        assertEquals(-1, view.intHeader(values(), "X-Level"));
        assertThrows(NumberFormatException.class, () -> view.intHeader(values("X-Level", "seven"), "X-Level"));
    }

    @Test
    void dateHeader_httpDateParsedAbsentMinusOneOtherwiseIllegalArgumentNamingHeaderOnly() {
        assertEquals(784111777000L, view.dateHeader(values("X-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), "X-Since"));
        assertEquals(-1, view.dateHeader(values(), "X-Since"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> view.dateHeader(values("X-Since", "secret-ish value"), "X-Since"));
        assertEquals("header X-Since is not an HTTP date", e.getMessage());
    }

    @Test
    void trailers_claimNamesRemovedOthersKeptEmptyOrNullAsGiven() {
        assertEquals(Map.of("Checksum", "abc"), view.trailers(Map.of("x-user", "mallory", "Checksum", "abc")));
        Map<String, String> empty = Map.of();
        assertSame(empty, view.trailers(empty));
        assertNull(view.trailers(null));
    }
}
