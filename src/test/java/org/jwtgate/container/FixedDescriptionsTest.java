package org.jwtgate.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.jwtgate.AuthenticationResult.Reason;

/**
 * The contract suite keeps its own copy of the fixed error descriptions, since it sees JwtGate only
 * from outside; this unit test keeps the copy and the main code's list from drifting apart.
 */
class FixedDescriptionsTest {

    @Test
    void descriptions_contractSuiteCopy_equalsEveryReasonsDescription() {
        Set<String> fromMain = Arrays.stream(Reason.values()).map(Reason::description).collect(Collectors.toSet());
        assertEquals(fromMain, ErrorResponseAssertions.DESCRIPTIONS);
    }
}
