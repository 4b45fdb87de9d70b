package org.jwtgate.jakarta;

import java.io.IOException;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jwtgate.AuthenticationResult;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.verify.Decision;

/**
 * The bearer token as the container's own authentication (Jakarta Authentication, Servlet
 * Container Profile). An adapter and nothing more, like the filter: the {@code Gatekeeper} decides
 * each request; a token that authenticates is handed to the container as the caller and its groups,
 * and the container then enforces {@code <auth-constraint>} roles itself (a missing role is its
 * 403). A refusal is written here, headers and body as the filter writes them.
 *
 * <p>A token is honoured on every request: valid authenticates, bad is a 401 even where nothing is
 * protected, absent is anonymous unless the container says the resource needs a caller
 * ({@link #IS_MANDATORY}), which gets the filter's 401 challenge.
 *
 * <p>No session is asked for ({@code registerSession}): the module is stateless like the filter.
 * Where the application has a session, Tomcat keeps the caller in it, but this module still
 * decides every request by its own token, so a session never stands in for one.
 *
 * <p>Thread-safe once initialised: the container calls {@link #initialize} once per callback
 * handler, then {@link #validateRequest} from any number of request threads.
 */
final class JwtServerAuthModule implements ServerAuthModule {

    /** Set by the container to "true" when the resource has an {@code <auth-constraint>} with roles. */
    static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    /** What {@code getAuthType()} answers: the filter's, rather than the container's default for modules. */
    static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";

    private static final Class<?>[] MESSAGE_TYPES = {HttpServletRequest.class, HttpServletResponse.class};
    private static final Decision NO_TOKEN = Decision.rejected(AuthenticationResult.Reason.NO_TOKEN);

    private final Gatekeeper gatekeeper;
    private volatile CallbackHandler handler;

    JwtServerAuthModule(Gatekeeper gatekeeper) {
        this.gatekeeper = gatekeeper;
    }

    /** The policies say nothing the container's {@link #IS_MANDATORY} does not; the options are unused. */
    @Override
    @SuppressWarnings("rawtypes") // the API's signature
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            Map options) {
        this.handler = handler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return MESSAGE_TYPES.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject) {
        Object req = messageInfo.getRequestMessage();
        Object res = responseMessage(messageInfo);
        if (!(req instanceof HttpServletRequest) || !(res == null || res instanceof HttpServletResponse)) {
            return AuthStatus.SEND_FAILURE; // not the servlet profile: nothing to read a token from
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        try {
            return follow(gatekeeper.decide(request, HttpRequestView.INSTANCE), messageInfo, clientSubject, request,
                    response);
        } catch (IOException | UnsupportedCallbackException | RuntimeException | LinkageError e) {
            // The container failed a call made here (its callback handler among them): fail closed with the
            // filter's 401, never a 500; the application is not invoked.
            return refuse(response, gatekeeper.failClosed());
        }
    }

    @SuppressWarnings("unchecked") // MessageInfo.getMap() is a raw Map
    private AuthStatus follow(Decision decision, MessageInfo messageInfo, Subject client, HttpServletRequest request,
            HttpServletResponse response) throws IOException, UnsupportedCallbackException {
        if (decision.isAuthenticated()) {
            JwtPrincipal principal = decision.principal();
            // One call with both: a container may build its caller from the two together (Tomcat does).
            handler.handle(new Callback[] {new CallerPrincipalCallback(client, principal),
                new GroupPrincipalCallback(client, principal.getRoles().toArray(new String[0]))});
            messageInfo.getMap().put(AUTH_TYPE_KEY, Gatekeeper.AUTH_TYPE);
            request.setAttribute(Gatekeeper.PRINCIPAL_ATTRIBUTE, principal);
            request.setAttribute(Gatekeeper.CLAIMS_ATTRIBUTE, principal.getClaims());
            return AuthStatus.SUCCESS;
        }
        if (decision.isAnonymous() || response == null) {
            request.removeAttribute(Gatekeeper.PRINCIPAL_ATTRIBUTE);
            request.removeAttribute(Gatekeeper.CLAIMS_ATTRIBUTE);
            if (response == null) {
                return AuthStatus.SUCCESS; // no response to refuse on: the container is told there is no caller
            }
            if (!"true".equals(String.valueOf(messageInfo.getMap().get(IS_MANDATORY)))) {
                return AuthStatus.SUCCESS; // no caller: the container lets an unprotected resource serve anonymously
            }
            return refuse(response, NO_TOKEN);
        }
        return refuse(response, decision);
    }

    /**
     * The response, or {@code null} where the container asks who the caller is with no response to
     * write to: Jetty 12.0 (ee10) when an application calls {@code getUserPrincipal()} on a resource
     * without an {@code <auth-constraint>}, whose {@code MessageInfo} then throws (12.0.19: a
     * {@code NullPointerException}). The token is decided all the same: a valid one is the caller;
     * a refusal cannot be written, so the container is told there is no caller, as for no token.
     */
    private static Object responseMessage(MessageInfo messageInfo) {
        try {
            return messageInfo.getResponseMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the filter's refusal, if there is a response to write it to; the container sends the
     * response as it stands.
     */
    private AuthStatus refuse(HttpServletResponse response, Decision refusal) {
        if (response == null) {
            return AuthStatus.SEND_FAILURE;
        }
        try {
            gatekeeper.refuse(response, HttpResponseView.INSTANCE, refusal);
        } catch (IOException | RuntimeException e) {
            // The client went away or the response cannot be written: it is refused either way.
        }
        return AuthStatus.SEND_FAILURE;
    }

    /** Nothing to add to a response: a bearer token needs no reply from the server. */
    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    /** Logout: the caller and groups the container made of our callbacks go with the subject's principals. */
    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null && !subject.isReadOnly()) {
            subject.getPrincipals().clear();
        }
    }
}
