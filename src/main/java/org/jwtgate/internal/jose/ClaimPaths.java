package org.jwtgate.internal.jose;

import java.util.Map;

/** Finds a claim by its whole name first, then as a dot path into nested objects. Stateless. */
public final class ClaimPaths {

    private ClaimPaths() {
    }

    public static Object find(Map<String, Object> claims, String name) {
        if (claims.containsKey(name) || name.indexOf('.') < 0) {
            return claims.get(name);
        }
        Object current = claims;
        for (String segment : name.split("\\.", -1)) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(segment);
        }
        return current;
    }
}
