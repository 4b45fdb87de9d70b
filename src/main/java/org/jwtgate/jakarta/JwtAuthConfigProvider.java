package org.jwtgate.jakarta;

import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;

import org.jwtgate.internal.gate.Gatekeeper;

/**
 * What {@link JwtAuthModuleInstaller} registers for one application: server authentication only,
 * by one {@link JwtServerAuthModule} around the application's {@code Gatekeeper}. The container asks
 * for the configuration with its callback handler (Tomcat: on every request, always the same
 * handler), so the last one built is kept and handed out again while the handler is the same.
 *
 * <p>Thread-safe: what it keeps is immutable, and rebuilding it is harmless.
 */
final class JwtAuthConfigProvider implements AuthConfigProvider {

    /** The one authentication context there is; any ID the container derives names it. */
    static final String AUTH_CONTEXT_ID = "jwtgate";

    private final Gatekeeper gatekeeper;
    private volatile Config last;

    JwtAuthConfigProvider(Gatekeeper gatekeeper) {
        this.gatekeeper = gatekeeper;
    }

    /** A client of a message exchange is not what this is for. */
    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
            throws AuthException {
        if (handler == null) {
            // The callbacks are how the container learns the caller: without a handler, no one is ever authenticated.
            throw new AuthException("JwtGate needs the container's callback handler");
        }
        Config config = last;
        if (config == null || config.handler != handler || !config.layer.equals(layer)
                || !config.appContext.equals(appContext)) {
            JwtServerAuthModule module = new JwtServerAuthModule(gatekeeper);
            module.initialize(null, null, handler, Map.of());
            config = new Config(layer, appContext, handler, new Context(module));
            last = config;
        }
        return config;
    }

    /** Settings change only by redeploying the application. */
    @Override
    public void refresh() {
    }

    /** The configuration for one layer, application and callback handler. Immutable. */
    private static final class Config implements ServerAuthConfig {

        private final String layer;
        private final String appContext;
        private final CallbackHandler handler;
        private final Context context;

        Config(String layer, String appContext, CallbackHandler handler, Context context) {
            this.layer = layer;
            this.appContext = appContext;
            this.handler = handler;
            this.context = context;
        }

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return AUTH_CONTEXT_ID;
        }

        @Override
        public void refresh() {
        }

        /** Whether the contexts given out are protected by the container: nothing here depends on it. */
        @Override
        public boolean isProtected() {
            return false;
        }

        @Override
        @SuppressWarnings("rawtypes") // the API's signature
        public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject, Map properties) {
            return context;
        }
    }

    /** The context around the module: it only passes each call on. Immutable. */
    private static final class Context implements ServerAuthContext {

        private final JwtServerAuthModule module;

        Context(JwtServerAuthModule module) {
            this.module = module;
        }

        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject) {
            return module.validateRequest(messageInfo, clientSubject, serviceSubject);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
            return module.secureResponse(messageInfo, serviceSubject);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) {
            module.cleanSubject(messageInfo, subject);
        }
    }
}
