package org.jwtgate.internal.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.jwtgate.internal.jose.JwsParser;
import org.jwtgate.internal.jose.TokenRejection;
import org.jwtgate.testing.Tokens;

/** The claim-header stage alone: which claim values become header text, and which are left out. */
class ClaimHeaderMapperTest {

    private static Map<String, Object> claims(String json) throws TokenRejection {
        return JwsParser.object(Tokens.b64(json));
    }

    private static String value(String claimJson) throws TokenRejection {
        return new ClaimHeaderMapper(Map.of("X-V", "v")).headers(claims("{\"v\":" + claimJson + "}")).get("X-V");
    }

    @Test
    void headers_noneConfigured_emptyAndUnmodifiable() throws TokenRejection {
        Map<String, String> headers = new ClaimHeaderMapper(Map.of()).headers(claims("{\"sub\":\"alice\"}"));
        assertTrue(headers.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> headers.put("X-User", "mallory"));
    }

    @Test
    void headers_configured_caseInsensitiveAndUnmodifiable() throws TokenRejection {
        Map<String, String> headers = new ClaimHeaderMapper(Map.of("X-User", "sub", "X-Org", "org.name"))
                .headers(claims("{\"sub\":\"alice\",\"org\":{\"name\":\"acme\"}}"));
        assertEquals("alice", headers.get("x-USER"));
        assertEquals("acme", headers.get("X-Org"));
        assertThrows(UnsupportedOperationException.class, () -> headers.put("X-User", "mallory"));
    }

    @Test
    void headers_scalars_asJsonText() throws TokenRejection {
        assertEquals("alice", value("\"alice\""));
        assertEquals("42", value("42"));
        assertEquals("true", value("true"));
        assertEquals("1.5", value("1.5"));
        assertEquals("3", value("3.0"), "a whole fraction as an integer");
        assertEquals("1.0E15", value("1e15"), "beyond 1e15 as a double");
    }

    @Test
    void headers_arrayOfScalars_joinedWithCommaSpace() throws TokenRejection {
        assertEquals("a, 1, true", value("[\"a\",1,true]"));
        assertEquals("", value("[]"));
    }

    @Test
    void headers_objectsNestedArraysNullsAndControls_leftOut() throws TokenRejection {
        Map<String, String> headers = new ClaimHeaderMapper(Map.of("X-Obj", "obj", "X-Nested", "nested", "X-Null", "nil",
                "X-Missing", "missing", "X-Ctl", "ctl", "X-Del", "del", "X-Null-In-List", "withNull"))
                .headers(claims("{\"obj\":{\"k\":\"v\"},\"nested\":[\"a\",[\"b\"]],\"nil\":null,\"ctl\":\"a\\nb\","
                        + "\"del\":[\"a\\u007f\"],\"withNull\":[\"a\",null]}"));
        assertEquals(Map.of(), headers);
    }

    @Test
    void constructor_mappingChangedAfterwards_mapperUnchanged() throws TokenRejection {
        Map<String, String> mapping = new LinkedHashMap<>(Map.of("X-User", "sub"));
        ClaimHeaderMapper mapper = new ClaimHeaderMapper(mapping);
        mapping.put("X-Email", "email");
        assertEquals(Map.of("X-User", "alice"), mapper.headers(claims("{\"sub\":\"alice\",\"email\":\"a@example.com\"}")));
    }
}
