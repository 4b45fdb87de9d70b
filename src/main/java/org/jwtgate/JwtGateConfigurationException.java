package org.jwtgate;

/**
 * A setting is missing, malformed or unsafe. The message names the setting (as its init-param is
 * named) and says what is expected; it never contains a secret or key.
 */
public class JwtGateConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String expectation;

    public JwtGateConfigurationException(String parameter, String expectation) {
        super(parameter + ": " + expectation);
        this.parameter = parameter;
        this.expectation = expectation;
    }

    /** What was expected, without the param's name: a block names its params {@code NAME.param}. */
    String expectation() {
        return expectation;
    }

    /** The same refusal of the {@code issuers} block {@code block}'s param: {@code block.param}. */
    public JwtGateConfigurationException inBlock(String block) {
        JwtGateConfigurationException named = new JwtGateConfigurationException(block + "." + parameter, expectation);
        if (getCause() != null) {
            named.initCause(getCause());
        }
        return named;
    }

    /** The init-param (or builder setting) at fault. */
    public String getParameter() {
        return parameter;
    }
}
