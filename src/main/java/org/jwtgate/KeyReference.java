package org.jwtgate;

import java.util.Objects;

/**
 * Where a key or secret comes from: {@code env:NAME}, {@code sysprop:NAME} or {@code file:PATH},
 * optionally labelled with the key id ({@code kid}) that selects it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the reference, never the key.
 */
public final class KeyReference {

    private final String keyId;
    private final String reference;

    private KeyReference(String keyId, String reference) {
        this.keyId = keyId;
        this.reference = reference;
    }

    /** An unlabelled key: tried for tokens without a {@code kid}, or whose {@code kid} no labelled key has. */
    public static KeyReference of(String reference) {
        return new KeyReference(null, requireReference(reference));
    }

    /** A key labelled with the {@code kid} that selects it, matched exactly. */
    public static KeyReference labelled(String keyId, String reference) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.isEmpty()) {
            throw new IllegalArgumentException("key id must not be empty");
        }
        return new KeyReference(keyId, requireReference(reference));
    }

    /** Whether {@code value} has the form of a reference (rather than a literal). */
    public static boolean isReference(String value) {
        return value.startsWith("env:") || value.startsWith("sysprop:") || value.startsWith("file:");
    }

    private static String requireReference(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (!isReference(reference) || reference.indexOf(':') == reference.length() - 1) {
            throw new IllegalArgumentException("expected env:NAME, sysprop:NAME or file:PATH");
        }
        return reference;
    }

    /** The label, or {@code null} for an unlabelled key. */
    public String keyId() {
        return keyId;
    }

    public String reference() {
        return reference;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyReference
                && Objects.equals(keyId, ((KeyReference) other).keyId)
                && reference.equals(((KeyReference) other).reference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, reference);
    }

    @Override
    public String toString() {
        return keyId == null ? reference : keyId + "=" + reference;
    }
}
