package org.jwtgate.internal.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jwtgate.JwtGateConfigurationException;

/**
 * The authentication module's configuration: the application's {@code jwtgate.}-prefixed
 * context-params, turned into the filter's init-params so that {@link InitParameters} parses them,
 * and nothing else. Shared by the module's installers and {@code jwtgate verify}, so that both read
 * a {@code web.xml} the same way.
 *
 * <p>Two rules follow from the container deciding what is protected: {@code mode} is
 * {@code optional} unless set (an unprotected resource serves a request without a token
 * anonymously; a constraint that needs a caller still gets the 401), and {@code claimHeaders} is
 * refused (the module does not wrap the container's request, so it could not hide client-sent
 * copies of those headers).
 *
 * <p>Stateless.
 */
public final class AuthModuleParameters {

    /** What names JwtGate's context-params. */
    public static final String PREFIX = "jwtgate.";
    /** What names the module where a filter's name would stand: its log lines, meters and {@code jwtgate verify}. */
    public static final String NAME = "jwtgate-auth-module";

    private static final String MODE = "mode";
    private static final String CLAIM_HEADERS = "claimHeaders";

    private AuthModuleParameters() {
    }

    /**
     * @param contextParameters every context-param of the application, name to value; names
     *                          without the prefix are someone else's and ignored
     * @return the {@code jwtgate.*} ones without the prefix, as init-params, in the given order
     * @throws JwtGateConfigurationException naming the parameter (without its prefix) when
     *                                       {@code claimHeaders} is set
     */
    public static Map<String, String> toInitParameters(Map<String, String> contextParameters) {
        Map<String, String> parameters = new LinkedHashMap<>();
        contextParameters.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                parameters.put(name.substring(PREFIX.length()), value);
            }
        });
        if (parameters.containsKey(CLAIM_HEADERS)) {
            throw new JwtGateConfigurationException(CLAIM_HEADERS, "not supported by the authentication module "
                    + "(the container's request is not wrapped); use the filter for claim headers");
        }
        parameters.putIfAbsent(MODE, "optional");
        return parameters;
    }
}
