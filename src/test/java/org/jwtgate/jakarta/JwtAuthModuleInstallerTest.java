package org.jwtgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.management.ObjectName;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

import org.jwtgate.JwtPrincipal;
import org.jwtgate.testing.Keys;
import org.jwtgate.testing.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.Tokens;

/**
 * The listener and the authentication module it registers, with a mocked container: the
 * registration and its removal, the context-params read by the filter's parser, and each decision
 * turned into an {@code AuthStatus}, callbacks and the filter's response. Real containers are in
 * {@code AuthModuleIT}. Twin of {@code org.jwtgate.javax.JwtAuthModuleInstallerTest}.
 */
class JwtAuthModuleInstallerTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "/app";
    private static final String APP_CONTEXT = "localhost /app";

    @TempDir
    Path dir;

    private final byte[] secret = Keys.secret(32);
    private final MutableClock clock = MutableClock.atFixtureNow();
    private final AuthConfigFactory factory = mock(AuthConfigFactory.class);
    private final CallbackHandler handler = mock(CallbackHandler.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, Object> requestAttributes = new HashMap<>();
    private JwtAuthModuleInstaller installer;
    private HttpServletResponse response;
    private String secretRef;

    @BeforeEach
    void setUp() throws Exception {
        AuthConfigFactory.setFactory(factory);
        when(factory.registerConfigProvider(any(AuthConfigProvider.class), anyString(), anyString(), anyString()))
                .thenReturn("registration-1");
        secretRef = Keys.fileRef(dir, "jwt-secret", Base64.getEncoder().encodeToString(secret));
        response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
    }

    @AfterEach
    void tearDown() {
        if (installer != null) {
            installer.contextDestroyed(null);
        }
        AuthConfigFactory.setFactory(null);
    }

    // --- fixture ---

    /** The context-params of an HS256 module, with some added, replaced or (value {@code null}) removed. */
    private Map<String, String> params(String... overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.algorithms", "HS256");
        params.put("jwtgate.secret", secretRef);
        params.put("jwtgate.secretEncoding", "base64");
        params.put("jwtgate.issuer", Tokens.ISSUER);
        params.put("jwtgate.audience", Tokens.AUDIENCE);
        params.put("jwtgate.realm", "api");
        params.put("other.framework.setting", "not ours");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                params.remove(overrides[i]);
            } else {
                params.put(overrides[i], overrides[i + 1]);
            }
        }
        return params;
    }

    private static ServletContextEvent event(Map<String, String> params) {
        ServletContext context = mock(ServletContext.class);
        when(context.getContextPath()).thenReturn(CONTEXT);
        when(context.getVirtualServerName()).thenReturn("localhost");
        when(context.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(context.getInitParameter(anyString())).thenAnswer(call -> params.get(call.<String>getArgument(0)));
        return new ServletContextEvent(context);
    }

    /** Starts an installer with these context-params and returns the provider it registered. */
    private AuthConfigProvider install(String... overrides) throws Exception {
        installer = new JwtAuthModuleInstaller(clock);
        installer.contextInitialized(event(params(overrides)));
        ArgumentCaptor<AuthConfigProvider> provider = ArgumentCaptor.forClass(AuthConfigProvider.class);
        verify(factory).registerConfigProvider(provider.capture(), eq("HttpServlet"), eq(APP_CONTEXT), anyString());
        return provider.getValue();
    }

    private ServerAuthContext module(String... overrides) throws Exception {
        ServerAuthConfig config = install(overrides).getServerAuthConfig("HttpServlet", APP_CONTEXT, handler);
        return config.getAuthContext(config.getAuthContextID(null), null, Map.of());
    }

    private HttpServletRequest request(String... headerPairs) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getContextPath()).thenReturn(CONTEXT);
        when(request.getServletPath()).thenReturn("/orders");
        when(request.getRequestURI()).thenReturn(CONTEXT + "/orders");
        when(request.getMethod()).thenReturn("GET");
        when(request.getHeaders(anyString())).thenAnswer(call ->
                Collections.enumeration(headers.getOrDefault(call.<String>getArgument(0), List.of())));
        when(request.getAttribute(anyString())).thenAnswer(call -> requestAttributes.get(call.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(call -> requestAttributes.put(call.getArgument(0), call.getArgument(1)))
                .when(request).setAttribute(anyString(), any());
        org.mockito.Mockito.doAnswer(call -> requestAttributes.remove(call.<String>getArgument(0)))
                .when(request).removeAttribute(anyString());
        return request;
    }

    private MessageInfo message(HttpServletRequest request, boolean mandatory) {
        Map<String, Object> map = new HashMap<>();
        if (mandatory) {
            map.put("jakarta.security.auth.message.MessagePolicy.isMandatory", "true");
        }
        MessageInfo info = mock(MessageInfo.class);
        when(info.getRequestMessage()).thenReturn(request);
        when(info.getResponseMessage()).thenReturn(response);
        when(info.getMap()).thenReturn(map);
        return info;
    }

    private Tokens valid() {
        return Tokens.hs256(secret);
    }

    private JsonNode writtenBody() throws IOException {
        return JSON.readTree(body.toByteArray());
    }

    private Callback[] callbacks() throws Exception {
        ArgumentCaptor<Callback[]> captor = ArgumentCaptor.forClass(Callback[].class);
        verify(handler).handle(captor.capture());
        return captor.getValue();
    }

    private static Set<ObjectName> moduleMBeans() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("org.jwtgate:type=JwtAuthModule,context=" + CONTEXT), null);
    }

    // --- registration ---

    @Test
    void contextInitialized_validParams_registersForHttpServletAndTheApplicationOnly() throws Exception {
        AuthConfigProvider provider = install();
        assertNotNull(installer.gatekeeper());
        assertEquals("optional", installer.gatekeeper().authenticator().settings().mode().name().toLowerCase(),
                "the container's constraints decide where a token is required");
        assertEquals(1, moduleMBeans().size(), "the module's metrics MBean, of its own type");
        assertEquals(Set.of(), ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("org.jwtgate:type=JwtAuthenticationFilter,context=" + CONTEXT + ",*"), null),
                "no filter's MBean");
        assertNull(provider.getClientAuthConfig("HttpServlet", APP_CONTEXT, handler));
    }

    /**
     * The id Tomcat asks for is the profile's; Jetty 12 names no virtual server (without virtual
     * hosts) and asks for "server" and the context path, "/" for the root: registered under
     * another id, the module would never be found.
     */
    @Test
    void appContext_theVirtualServerAndContextPath_orJettysServerNameWhereTheContainerNamesNone() {
        ServletContext tomcat = mock(ServletContext.class);
        when(tomcat.getVirtualServerName()).thenReturn("Catalina/localhost");
        when(tomcat.getContextPath()).thenReturn("/orders", "");
        assertEquals("Catalina/localhost /orders", JwtAuthModuleInstaller.appContext(tomcat));
        assertEquals("Catalina/localhost ", JwtAuthModuleInstaller.appContext(tomcat));
        ServletContext jetty = mock(ServletContext.class);
        when(jetty.getContextPath()).thenReturn("/orders", "");
        assertEquals("server /orders", JwtAuthModuleInstaller.appContext(jetty));
        assertEquals("server /", JwtAuthModuleInstaller.appContext(jetty));
    }

    @Test
    void contextDestroyed_afterStart_removesTheRegistrationAndStopsTheGatekeeper() throws Exception {
        install();
        installer.contextDestroyed(null);
        verify(factory).removeRegistration("registration-1");
        assertNull(installer.gatekeeper());
        assertEquals(Set.of(), moduleMBeans());
        installer.contextDestroyed(null); // a second stop is harmless
        verify(factory).removeRegistration(anyString());
    }

    @Test
    void contextDestroyed_neverStarted_touchesNothing() {
        installer = new JwtAuthModuleInstaller(clock);
        installer.contextDestroyed(null);
        verifyNoInteractions(factory);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jwtgate.algorithms | ",
            "jwtgate.secret | ",
            "jwtgate.leeway | abc",
            "jwtgate.mode | sometimes",
            "jwtgate.bogus | 1",
            "jwtgate.claimHeaders | sub=X-User",
    })
    void contextInitialized_badOrMissingParam_failsNamingItWithItsPrefixAndRegistersNothing(String name, String value) {
        installer = new JwtAuthModuleInstaller(clock);
        ServletContextEvent event = event(params(name, value));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> installer.contextInitialized(event));
        assertTrue(e.getMessage().contains(name + ":"), e.getMessage());
        verifyNoInteractions(factory);
        assertNull(installer.gatekeeper());
    }

    @Test
    void contextInitialized_registrationFails_stopsTheGatekeeper() throws Exception {
        when(factory.registerConfigProvider(any(AuthConfigProvider.class), anyString(), anyString(), anyString()))
                .thenThrow(new SecurityException("no permission"));
        installer = new JwtAuthModuleInstaller(clock);
        ServletContextEvent event = event(params());
        assertThrows(SecurityException.class, () -> installer.contextInitialized(event));
        assertNull(installer.gatekeeper());
        assertEquals(Set.of(), moduleMBeans(), "no MBean left behind by an application that did not start");
    }

    @Test
    void contextInitialized_unexpectedFailure_failsWithItsType() {
        installer = new JwtAuthModuleInstaller(clock);
        ServletContext context = mock(ServletContext.class);
        when(context.getInitParameterNames()).thenThrow(new UnsupportedOperationException());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> installer.contextInitialized(new ServletContextEvent(context)));
        assertTrue(e.getMessage().contains("UnsupportedOperationException"), e.getMessage());
    }

    // --- the provider and its configuration ---

    @Test
    void getServerAuthConfig_sameHandler_sameConfig_otherHandler_anotherModule() throws Exception {
        AuthConfigProvider provider = install();
        ServerAuthConfig config = provider.getServerAuthConfig("HttpServlet", APP_CONTEXT, handler);
        assertSame(config, provider.getServerAuthConfig("HttpServlet", APP_CONTEXT, handler));
        ServerAuthConfig other = provider.getServerAuthConfig("HttpServlet", APP_CONTEXT, mock(CallbackHandler.class));
        assertNotSame(config, other);
        assertNotSame(other, provider.getServerAuthConfig("HttpServlet", "otherhost /app", mock(CallbackHandler.class)));
        assertEquals("HttpServlet", config.getMessageLayer());
        assertEquals(APP_CONTEXT, config.getAppContext());
        assertFalse(config.isProtected());
        config.refresh();
        provider.refresh();
    }

    @Test
    void getServerAuthConfig_noHandler_refused() throws Exception {
        AuthConfigProvider provider = install();
        assertThrows(AuthException.class, () -> provider.getServerAuthConfig("HttpServlet", APP_CONTEXT, null));
    }

    // --- validateRequest ---

    @Test
    void validateRequest_validToken_callerAndGroupsInOneCallbackAndTheFilterAttributes() throws Exception {
        ServerAuthContext module = module();
        Subject client = new Subject();
        MessageInfo info = message(request("Authorization", "Bearer "
                + valid().subject("alice").roles(List.of("admin", "user")).sign()), true);

        assertEquals(AuthStatus.SUCCESS, module.validateRequest(info, client, null));

        Callback[] callbacks = callbacks();
        assertEquals(2, callbacks.length);
        CallerPrincipalCallback caller = assertInstanceOf(CallerPrincipalCallback.class, callbacks[0]);
        GroupPrincipalCallback groups = assertInstanceOf(GroupPrincipalCallback.class, callbacks[1]);
        assertSame(client, caller.getSubject());
        assertSame(client, groups.getSubject());
        JwtPrincipal principal = assertInstanceOf(JwtPrincipal.class, caller.getPrincipal());
        assertEquals("alice", principal.getName());
        assertEquals(Set.of("admin", "user"), new TreeSet<>(List.of(groups.getGroups())));
        assertEquals("Bearer", info.getMap().get("jakarta.servlet.http.authType"));
        assertSame(principal, requestAttributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE));
        assertEquals(principal.getClaims(), requestAttributes.get(JwtAuthenticationFilter.CLAIMS_ATTRIBUTE));
        verify(response, never()).setStatus(org.mockito.ArgumentMatchers.anyInt());
    }

    @Test
    void validateRequest_noTokenUnprotected_anonymousSuccessWithoutCallbacks() throws Exception {
        ServerAuthContext module = module();
        requestAttributes.put(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE, "forwarded along");
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(message(request(), false), new Subject(), null));
        verifyNoInteractions(handler);
        assertNull(requestAttributes.get(JwtAuthenticationFilter.PRINCIPAL_ATTRIBUTE));
        verify(response, never()).setStatus(org.mockito.ArgumentMatchers.anyInt());
    }

    @Test
    void validateRequest_noTokenProtected_theFilterChallenge() throws Exception {
        ServerAuthContext module = module();
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(message(request(), true), new Subject(), null));
        verifyNoInteractions(handler);
        verify(response).setStatus(401);
        verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"api\"");
        verify(response).setHeader("Cache-Control", "no-store");
        assertEquals("An access token is required.", writtenBody().get("error_description").textValue());
    }

    @Test
    void validateRequest_noTokenUnprotectedModeRequired_theFilterChallenge() throws Exception {
        ServerAuthContext module = module("jwtgate.mode", "required");
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(message(request(), false), new Subject(), null));
        verify(response).setStatus(401);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void validateRequest_expiredToken_401InvalidTokenWhetherProtectedOrNot(boolean mandatory) throws Exception {
        ServerAuthContext module = module();
        String token = valid().expiresAt(Tokens.NOW.minusSeconds(3600)).sign();
        MessageInfo info = message(request("Authorization", "Bearer " + token), mandatory);
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(info, new Subject(), null));
        verifyNoInteractions(handler);
        verify(response).setStatus(401);
        verify(response).setHeader(eq("WWW-Authenticate"), org.mockito.ArgumentMatchers.contains("invalid_token"));
        assertEquals("invalid_token", writtenBody().get("error").textValue());
    }

    @Test
    void validateRequest_callbackHandlerFails_failsClosedWithA401() throws Exception {
        ServerAuthContext module = module();
        doThrow(new IOException("container trouble")).when(handler).handle(any());
        MessageInfo info = message(request("Authorization", "Bearer " + valid().sign()), true);
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(info, new Subject(), null));
        verify(response).setStatus(401);
    }

    @Test
    void validateRequest_responseCannotBeWritten_stillRefused() throws Exception {
        ServerAuthContext module = module();
        when(response.getOutputStream()).thenThrow(new IOException("client gone"));
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(message(request(), true), new Subject(), null));
    }

    @Test
    void validateRequest_notServletMessages_refused() throws Exception {
        ServerAuthContext module = module();
        MessageInfo info = mock(MessageInfo.class);
        when(info.getRequestMessage()).thenReturn("not a request");
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(info, new Subject(), null));
        HttpServletRequest request = request();
        when(info.getRequestMessage()).thenReturn(request);
        when(info.getResponseMessage()).thenReturn("not a response");
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(info, new Subject(), null));
        verifyNoInteractions(handler);
    }

    /**
     * Jetty 12.0 (ee10) asks who the caller is with no response when an application calls
     * {@code getUserPrincipal()} on an unprotected resource, and its MessageInfo throws when asked
     * for one: a valid token is still the caller, a bad one or none no caller, and nothing is written.
     */
    @Test
    void validateRequest_noResponseToWriteTo_validTokenTheCaller_badOrNoTokenNoCallerAndNothingWritten()
            throws Exception {
        ServerAuthContext module = module();
        MessageInfo validToken = message(request("Authorization", "Bearer " + valid().subject("alice").sign()), false);
        when(validToken.getResponseMessage()).thenThrow(new NullPointerException("no servlet response"));
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(validToken, new Subject(), null));
        CallerPrincipalCallback caller = assertInstanceOf(CallerPrincipalCallback.class, callbacks()[0]);
        assertEquals("alice", caller.getPrincipal().getName());

        MessageInfo expired = message(request("Authorization", "Bearer "
                + valid().expiresAt(Tokens.NOW.minusSeconds(3600)).sign()), false);
        when(expired.getResponseMessage()).thenThrow(new NullPointerException("no servlet response"));
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(expired, new Subject(), null));
        MessageInfo noToken = message(request(), false);
        when(noToken.getResponseMessage()).thenReturn(null);
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(noToken, new Subject(), null));

        callbacks(); // still the valid token's one call, and no other
        verifyNoInteractions(response);
    }

    // --- the rest of the module ---

    @Test
    void secureResponse_sendSuccess() throws Exception {
        assertEquals(AuthStatus.SEND_SUCCESS, module().secureResponse(mock(MessageInfo.class), new Subject()));
    }

    @Test
    void cleanSubject_removesThePrincipals_readOnlyOrNullLeftAlone() throws Exception {
        ServerAuthContext module = module();
        Subject subject = new Subject();
        subject.getPrincipals().add(new JwtPrincipal("alice", Map.of(), Set.of(), Set.of(), null));
        module.cleanSubject(mock(MessageInfo.class), subject);
        assertEquals(Set.<Principal>of(), subject.getPrincipals());
        Subject readOnly = new Subject();
        readOnly.getPrincipals().add(new JwtPrincipal("bob", Map.of(), Set.of(), Set.of(), null));
        readOnly.setReadOnly();
        module.cleanSubject(mock(MessageInfo.class), readOnly);
        assertEquals(1, readOnly.getPrincipals().size());
        module.cleanSubject(mock(MessageInfo.class), null);
    }

    @Test
    void getSupportedMessageTypes_servletRequestAndResponse() throws Exception {
        install();
        JwtServerAuthModule module = new JwtServerAuthModule(installer.gatekeeper());
        assertArrayEquals(new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class},
                module.getSupportedMessageTypes());
    }
}
