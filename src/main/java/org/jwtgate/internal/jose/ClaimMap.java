package org.jwtgate.internal.jose;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A JSON object as an unmodifiable map in document order, stored as one array of alternating
 * names and values. A verified token stays in the cache for minutes, so its claims are kept in
 * the fewest objects that still answer {@link Map}: a {@code LinkedHashMap} spends an entry
 * object and a table slot on each claim. Lookups scan, which for the dozen claims of a token is
 * as fast as hashing; the parser refuses duplicate names, so the first match is the only one.
 *
 * <p>Immutable and thread-safe. Values are {@code null} or what {@link JwsParser} makes of JSON.
 */
final class ClaimMap extends AbstractMap<String, Object> {

    private final Object[] namesAndValues;

    /** Takes ownership of {@code namesAndValues}: pairs of a {@code String} name and its value. */
    ClaimMap(Object[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    private int indexOf(Object name) {
        if (name != null) {
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (name.equals(namesAndValues[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public Object get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : namesAndValues[i + 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return namesAndValues.length / 2;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < namesAndValues.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= namesAndValues.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, Object> entry = new AbstractMap.SimpleImmutableEntry<>(
                                (String) namesAndValues[next], namesAndValues[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return ClaimMap.this.size();
            }
        };
    }

    // AbstractMap would let some of these succeed quietly when nothing needed to change.

    @Override
    public Object put(String name, Object value) {
        throw unmodifiable();
    }

    @Override
    public Object remove(Object name) {
        throw unmodifiable();
    }

    @Override
    public void putAll(Map<? extends String, ?> map) {
        throw unmodifiable();
    }

    @Override
    public void clear() {
        throw unmodifiable();
    }

    @Override
    public Object putIfAbsent(String name, Object value) {
        throw unmodifiable();
    }

    @Override
    public Object computeIfAbsent(String name, Function<? super String, ?> function) {
        throw unmodifiable();
    }

    @Override
    public Object computeIfPresent(String name, BiFunction<? super String, ? super Object, ?> function) {
        throw unmodifiable();
    }

    @Override
    public Object merge(String name, Object value, BiFunction<? super Object, ? super Object, ?> function) {
        throw unmodifiable();
    }

    private static UnsupportedOperationException unmodifiable() {
        return new UnsupportedOperationException("the claims of a token cannot be changed");
    }

    /** A JSON array as an unmodifiable list over one array; the same reasons as the map. */
    static final class ClaimList extends AbstractList<Object> implements RandomAccess {

        private final Object[] values;

        ClaimList(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
