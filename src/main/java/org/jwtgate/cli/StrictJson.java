package org.jwtgate.cli;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * JSON read as strictly as the filter reads a token: one value, no trailing data, no duplicate
 * member, bounded nesting and number length. Jackson's messages quote their input, so callers
 * never pass them on. Thread-safe.
 */
final class StrictJson {

    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()) // as the filter's parsers: no thread-locals
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private StrictJson() {
    }

    /** The value, or {@code null} for empty text. */
    static JsonNode read(String text) throws IOException {
        JsonNode node = READER.readTree(text);
        return node == null || node.isMissingNode() ? null : node;
    }
}
