package org.jwtgate.javax;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

import javax.security.auth.message.AuthException;
import javax.security.auth.message.AuthStatus;
import javax.security.auth.message.MessageInfo;
import javax.security.auth.message.callback.CallerPrincipalCallback;
import javax.security.auth.message.callback.GroupPrincipalCallback;
import javax.security.auth.message.config.ServerAuthConfig;
import javax.security.auth.message.config.ServerAuthContext;
import javax.servlet.DispatcherType;
import javax.servlet.ServletContext;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.jwtgate.internal.config.AuthModuleParameters;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.gate.Gatekeeper;
import org.jwtgate.internal.verify.Decision;
import org.jwtgate.testing.AuthModuleDriver;
import org.jwtgate.testing.ServletExchange;

/**
 * The authentication module as a container reaches it, for unit tests outside this package (the
 * module, its provider and the installer's parameter rules are package-private, not API): built
 * from init-params by the installer's own rules ({@link JwtAuthModuleInstaller#parameters}, so
 * {@code mode} is {@code optional} unless set and {@code claimHeaders} is refused), and called
 * through the {@code ServerAuthContext} its provider hands the container, with a capturing callback
 * handler and {@link ServletExchange}s shown as this namespace's request and response. Twin of
 * {@code org.jwtgate.javax.TestAuthModules}.
 */
public final class TestAuthModules {

    /** The Servlet Container Profile's key, spelt out here rather than read from the module. */
    private static final String IS_MANDATORY = "javax.security.auth.message.MessagePolicy.isMandatory";

    private TestAuthModules() {
    }

    /**
     * The module as the installer builds it from these init-params (given without the
     * {@code jwtgate.} prefix), outside a container: no MBean.
     *
     * @throws org.jwtgate.JwtGateConfigurationException what the installer would stop the application for
     */
    public static AuthModuleDriver start(Map<String, String> initParameters, Clock clock, ReferenceResolver resolver) {
        Map<String, String> contextParameters = new HashMap<>();
        initParameters.forEach((name, value) -> contextParameters.put(JwtAuthModuleInstaller.PREFIX + name, value));
        ServletContext context = (ServletContext) Proxy.newProxyInstance(TestAuthModules.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getInitParameterNames":
                            return Collections.enumeration(new ArrayList<>(contextParameters.keySet()));
                        case "getInitParameter":
                            return contextParameters.get((String) args[0]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        Gatekeeper gatekeeper = Gatekeeper.fromInitParameters(AuthModuleParameters.NAME, null,
                JwtAuthModuleInstaller.parameters(context), clock, resolver);
        return new Driver(gatekeeper);
    }

    private static final class Driver implements AuthModuleDriver {

        private final Gatekeeper gatekeeper;
        private final ServerAuthContext context;
        /** The exchange the container's handler reports to: the one being validated. */
        private ServletExchange current;

        Driver(Gatekeeper gatekeeper) {
            this.gatekeeper = gatekeeper;
            CallbackHandler handler = this::handle;
            try {
                // As the container gets it: the provider's configuration, then its one context.
                ServerAuthConfig config = new JwtAuthConfigProvider(gatekeeper)
                        .getServerAuthConfig(JwtAuthModuleInstaller.LAYER, "localhost " + ServletExchange.CONTEXT_PATH,
                                handler);
                this.context = config.getAuthContext(config.getAuthContextID(null), null, Map.of());
            } catch (AuthException e) {
                gatekeeper.close();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String namespace() {
            return "javax";
        }

        @Override
        public Gatekeeper gatekeeper() {
            return gatekeeper;
        }

        @Override
        public void validate(ServletExchange exchange) {
            current = exchange;
            try {
                Info info = new Info(request(exchange), response(exchange));
                info.getMap().put(IS_MANDATORY, "true");
                AuthStatus status = context.validateRequest(info, new Subject(), null);
                exchange.authStatus(name(status));
                exchange.messageInfo().putAll(info.getMap());
            } catch (AuthException e) {
                exchange.authStatus("AuthException");
            } finally {
                current = null;
            }
        }

        @Override
        public void writeAsTheFilter(Gatekeeper filterGate, Decision refusal, ServletExchange into) {
            try {
                filterGate.refuse(response(into), HttpResponseView.INSTANCE, refusal);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The status's name (its {@code toString()} differs between the two APIs). */
        private static String name(AuthStatus status) {
            AuthStatus[] known = {AuthStatus.SUCCESS, AuthStatus.SEND_FAILURE, AuthStatus.FAILURE,
                AuthStatus.SEND_CONTINUE, AuthStatus.SEND_SUCCESS};
            String[] names = {"SUCCESS", "SEND_FAILURE", "FAILURE", "SEND_CONTINUE", "SEND_SUCCESS"};
            for (int i = 0; i < known.length; i++) {
                if (status == known[i]) {
                    return names[i];
                }
            }
            return String.valueOf(status);
        }

        /** The container's handler: records each callback, refuses any other kind as a container would. */
        private void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            List<String> types = new ArrayList<>();
            for (Callback callback : callbacks) {
                types.add(callback.getClass().getSimpleName());
                if (callback instanceof CallerPrincipalCallback) {
                    current.caller(((CallerPrincipalCallback) callback).getPrincipal());
                } else if (callback instanceof GroupPrincipalCallback) {
                    current.groups(((GroupPrincipalCallback) callback).getGroups());
                } else {
                    current.handled(types);
                    throw new UnsupportedCallbackException(callback);
                }
            }
            current.handled(types);
        }

        @Override
        public void close() {
            gatekeeper.close();
        }
    }

    /** {@code MessageInfo} as the container fills it: the two messages and a map. */
    private static final class Info implements MessageInfo {
        private Object request;
        private Object response;
        private final Map<String, Object> map = new HashMap<>();

        Info(Object request, Object response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public Object getRequestMessage() {
            return request;
        }

        @Override
        public Object getResponseMessage() {
            return response;
        }

        @Override
        public void setRequestMessage(Object request) {
            this.request = request;
        }

        @Override
        public void setResponseMessage(Object response) {
            this.response = response;
        }

        @Override
        @SuppressWarnings("rawtypes") // the API's signature
        public Map getMap() {
            return map;
        }
    }

    /** The exchange as a request: its headers, query and attributes; {@code GET /app/resource}. */
    static HttpServletRequest request(ServletExchange exchange) {
        return proxy(HttpServletRequest.class, exchange, (method, args) -> {
            switch (method.getName()) {
                case "getHeaders":
                    return exchange.headers((String) args[0]);
                case "getHeader": {
                    Enumeration<String> values = exchange.headers((String) args[0]);
                    return values != null && values.hasMoreElements() ? values.nextElement() : null;
                }
                case "getQueryString":
                    return exchange.query();
                case "getMethod":
                    return ServletExchange.METHOD;
                case "getRequestURI":
                    return ServletExchange.CONTEXT_PATH + ServletExchange.SERVLET_PATH;
                case "getContextPath":
                    return ServletExchange.CONTEXT_PATH;
                case "getServletPath":
                    return ServletExchange.SERVLET_PATH;
                case "getPathInfo":
                    return null;
                case "getDispatcherType":
                    return DispatcherType.REQUEST;
                case "getAttribute":
                    return exchange.attributes().get((String) args[0]);
                case "getAttributeNames":
                    return Collections.enumeration(new ArrayList<>(exchange.attributes().keySet()));
                case "setAttribute":
                    if (args[1] == null) {
                        exchange.attributes().remove((String) args[0]);
                    } else {
                        exchange.attributes().put((String) args[0], args[1]);
                    }
                    return null;
                case "removeAttribute":
                    exchange.attributes().remove((String) args[0]);
                    return null;
                default:
                    throw exchange.unexpected("HttpServletRequest." + method.getName());
            }
        });
    }

    /** The exchange as a response that is never committed: status, headers and body recorded. */
    static HttpServletResponse response(ServletExchange exchange) {
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw exchange.unexpected("ServletOutputStream.setWriteListener");
            }

            @Override
            public void write(int b) {
                exchange.body().write(b);
            }
        };
        PrintWriter writer = new PrintWriter(new Writer() {
            @Override
            public void write(char[] text, int offset, int length) {
                exchange.body().writeBytes(new String(text, offset, length).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return proxy(HttpServletResponse.class, exchange, (method, args) -> {
            switch (method.getName()) {
                case "isCommitted":
                    return false;
                case "resetBuffer":
                    exchange.resetBuffer();
                    return null;
                case "setStatus":
                case "sendError": // the container's error page would follow: no header of JwtGate's, no body of its own
                    exchange.status((Integer) args[0]);
                    return null;
                case "getStatus":
                    return exchange.status();
                case "setHeader":
                    exchange.setHeader((String) args[0], (String) args[1]);
                    return null;
                case "addHeader":
                    exchange.addHeader((String) args[0], (String) args[1]);
                    return null;
                case "setContentType":
                    exchange.setHeader("Content-Type", (String) args[0]);
                    return null;
                case "setContentLength":
                case "setContentLengthLong":
                    exchange.setHeader("Content-Length", String.valueOf(args[0]));
                    return null;
                case "getOutputStream":
                    return stream;
                case "getWriter":
                    return writer;
                default:
                    throw exchange.unexpected("HttpServletResponse." + method.getName());
            }
        });
    }

    /** A call with these arguments, answered from the exchange. */
    private interface Answer {
        Object apply(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, ServletExchange exchange, Answer answer) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return type.getSimpleName() + " stand-in";
                }
            }
            return answer.apply(method, args);
        };
        return type.cast(Proxy.newProxyInstance(TestAuthModules.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
