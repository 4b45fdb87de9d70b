package org.jwtgate.container;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jwtgate.testing.Keys;

/**
 * Hands secrets to the filter the way the contract wants them, as {@code sysprop:} references:
 * each value goes into a fresh, uniquely named system property, cleared again on {@link #close}.
 */
final class SecretProperties implements AutoCloseable {

    private final List<String> names = new ArrayList<>();

    /** Stores {@code value} and returns the {@code sysprop:NAME} reference to it. */
    synchronized String reference(String value) {
        String name = "jwtgate.test.secret." + UUID.randomUUID();
        System.setProperty(name, value);
        names.add(name);
        return "sysprop:" + name;
    }

    /** A random secret that is also printable text: {@code bytes} random bytes in base64url. */
    static String randomText(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Keys.secret(bytes));
    }

    /** The bytes a {@code secretEncoding=utf8} secret stands for. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        names.forEach(System::clearProperty);
        names.clear();
    }
}
