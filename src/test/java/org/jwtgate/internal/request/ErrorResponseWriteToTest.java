package org.jwtgate.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.AuthenticationResult.Reason;
import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.KeyReference;

/** The one place a refusal is written, through a recording view: every call, in order. */
class ErrorResponseWriteToTest {

    private static final ErrorResponse.Catalog CATALOG = new ErrorResponse.Catalog(JwtGateSettings.builder()
            .algorithms(JwtAlgorithm.HS256).secret(KeyReference.of("env:UNUSED")).realm("api").build());

    private static final String EXPIRED_BODY =
            "{\"error\":\"invalid_token\",\"error_description\":\"" + Reason.EXPIRED.description() + "\"}";

    @Test
    void writeTo_rejection_resetStatusChallengeNoStoreTypeLengthBodyInThatOrder() throws Exception {
        RecordingResponse response = new RecordingResponse();
        boolean written = CATALOG.forResult(AuthenticationResult.rejected(Reason.EXPIRED))
                .writeTo(response, RecordingResponse.VIEW, 0);
        assertTrue(written);
        assertEquals(List.of("resetBuffer", "status 401",
                "WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\""
                        + Reason.EXPIRED.description() + "\"",
                "Cache-Control: no-store", "Content-Type: application/json;charset=UTF-8",
                "Content-Length: " + EXPIRED_BODY.length(), "bytes " + EXPIRED_BODY), response.calls());
    }

    @Test
    void writeTo_outage_retryAfterAndNoChallenge() throws Exception {
        RecordingResponse response = new RecordingResponse();
        CATALOG.forResult(AuthenticationResult.unavailable(7)).writeTo(response, RecordingResponse.VIEW, 7);
        assertEquals("status 503", response.calls().get(1));
        assertEquals("Retry-After: 7", response.calls().get(2));
        assertFalse(response.calls().stream().anyMatch(call -> call.startsWith("WWW-Authenticate")));
    }

    @Test
    void writeTo_writerAlreadyTaken_bodyWrittenAsText() throws Exception {
        RecordingResponse response = new RecordingResponse().writerTaken();
        CATALOG.forResult(AuthenticationResult.rejected(Reason.EXPIRED)).writeTo(response, RecordingResponse.VIEW, 0);
        assertEquals("text " + EXPIRED_BODY, response.calls().get(response.calls().size() - 1));
    }

    @Test
    void writeTo_committedResponse_falseAndNothingTouched() throws Exception {
        RecordingResponse response = new RecordingResponse().committed();
        assertFalse(CATALOG.forResult(AuthenticationResult.rejected(Reason.EXPIRED))
                .writeTo(response, RecordingResponse.VIEW, 0));
        assertEquals(List.of(), response.calls());
    }
}
