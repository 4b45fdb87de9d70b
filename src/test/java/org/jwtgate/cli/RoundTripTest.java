package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.testing.JwkSetServer;
import org.jwtgate.testing.Tokens;

/**
 * {@code keygen}, then {@code sign} with what it made, then {@code verify} with a filter configured
 * as the keygen output says: accepted, for every algorithm JwtGate has, with keys given as files and
 * (for key pairs) as the JWK Set keygen wrote, served over HTTP, so both the PEM and the JWK loading
 * of the filter read them.
 */
class RoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cli cli = Cli.atFixtureNow();

    @TempDir
    Path dir;

    /** Every algorithm, with Ed448 as a second EdDSA curve. */
    static Stream<Arguments> everyAlgorithm() {
        List<Arguments> out = new ArrayList<>();
        for (JwtAlgorithm algorithm : JwtAlgorithm.values()) {
            out.add(Arguments.of(algorithm, "default"));
        }
        out.add(Arguments.of(JwtAlgorithm.EdDSA, "Ed448"));
        return out.stream();
    }

    static Stream<Arguments> keyPairAlgorithms() {
        return everyAlgorithm().filter(a -> ((JwtAlgorithm) a.get()[0]).family() != JwtAlgorithm.Family.HMAC);
    }

    static Stream<Arguments> hmacEncodings() {
        return Stream.of("base64", "base64url", "hex").flatMap(encoding -> Stream.of(JwtAlgorithm.HS256,
                JwtAlgorithm.HS384, JwtAlgorithm.HS512).map(algorithm -> Arguments.of(algorithm, encoding)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyAlgorithm")
    void signThenVerify_keysFromFilesAndEnvironment_isAccepted(JwtAlgorithm algorithm, String curve) throws Exception {
        List<String> signKey;
        String keys;
        if (algorithm.family() == JwtAlgorithm.Family.HMAC) {
            String secret = hmacSecret(algorithm, "base64");
            signKey = List.of("--key", "env:JWT_SECRET", "--secret-encoding", "base64");
            keys = param("secret", "env:JWT_SECRET") + param("secretEncoding", "base64");
            cli.env("JWT_SECRET", secret);
        } else {
            String kid = keyPair(algorithm, curve);
            signKey = List.of("--key", "file:" + dir.resolve("k.private.pem"), "--kid", kid);
            keys = param("publicKeys", kid + "=file:" + dir.resolve("k.public.pem"));
        }
        String token = cli.sign(signArguments(algorithm, signKey));
        Path webXml = Files.writeString(dir.resolve("web.xml"), webXml(param("algorithms", algorithm.name()) + keys
                + param("issuer", Tokens.ISSUER) + param("audience", Tokens.AUDIENCE)));

        Cli.Result result = cli.stdin(token + "\n").run("verify", "--web-xml", webXml.toString()).exits(ExitCode.OK);

        assertAccepted(result, algorithm, token);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyPairAlgorithms")
    void signThenVerify_keysFromTheJwkSetKeygenWrote_isAccepted(JwtAlgorithm algorithm, String curve) throws Exception {
        String kid = keyPair(algorithm, curve);
        String token = cli.sign(signArguments(algorithm,
                List.of("--key", "file:" + dir.resolve("k.private.pem"), "--kid", kid)));
        try (JwkSetServer server = JwkSetServer.start().serve(Files.readString(dir.resolve("k.jwks.json")))) {
            Path properties = Files.writeString(dir.resolve("jwks.properties"), "algorithms=" + algorithm + "\n"
                    + "jwksUri=" + server.uri() + "\n" + "issuer=" + Tokens.ISSUER + "\n" + "audience=" + Tokens.AUDIENCE
                    + "\n");

            Cli.Result result = cli.run("verify", "--properties", properties.toString(), token).exits(ExitCode.OK);

            assertAccepted(result, algorithm, token);
            assertEquals(1, server.hits());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hmacEncodings")
    void signThenVerify_everySecretEncoding_decodesAsTheFilterDoes(JwtAlgorithm algorithm, String encoding)
            throws Exception {
        cli.env("JWT_SECRET", hmacSecret(algorithm, encoding));
        String token = cli.sign(signArguments(algorithm,
                List.of("--key", "env:JWT_SECRET", "--secret-encoding", encoding)));
        Path properties = Files.writeString(dir.resolve("f.properties"), "algorithms=" + algorithm
                + "\nsecret=env:JWT_SECRET\nsecretEncoding=" + encoding + "\nissuer=" + Tokens.ISSUER + "\naudience="
                + Tokens.AUDIENCE + "\n");

        assertAccepted(cli.run("verify", "--properties", properties.toString(), token).exits(ExitCode.OK),
                algorithm, token);
    }

    private String hmacSecret(JwtAlgorithm algorithm, String encoding) {
        Cli.Result keygen = cli.run("keygen", algorithm.name(), "--encoding", encoding).exits(ExitCode.OK);
        Matcher matcher = Pattern.compile("(?m)^JWT_SECRET=(\\S+)$").matcher(keygen.out);
        assertTrue(matcher.find(), keygen.out);
        return matcher.group(1);
    }

    /** Runs keygen into {@code dir/k.*} and returns the kid it chose. */
    private String keyPair(JwtAlgorithm algorithm, String curve) throws Exception {
        List<String> args = new ArrayList<>(List.of("keygen", algorithm.name(), "--out", dir.resolve("k").toString()));
        if (algorithm.family() == JwtAlgorithm.Family.RSA) {
            args.addAll(List.of("--bits", "2048")); // the default 3072 is slower to generate, and proven in keygen's test
        }
        if (!curve.equals("default")) {
            args.addAll(List.of("--curve", curve));
        }
        cli.run(args.toArray(String[]::new)).exits(ExitCode.OK);
        return JSON.readTree(Files.readString(dir.resolve("k.jwks.json"))).get("keys").get(0).get("kid").textValue();
    }

    private static String[] signArguments(JwtAlgorithm algorithm, List<String> key) {
        List<String> args = new ArrayList<>(Arrays.asList("--alg", algorithm.name(), "--sub", "alice", "--iss",
                Tokens.ISSUER, "--aud", Tokens.AUDIENCE, "--claim", "roles:=[\"user\",\"admin\"]", "--claim",
                "scope=orders:read"));
        args.addAll(key);
        return args.toArray(String[]::new);
    }

    private static void assertAccepted(Cli.Result result, JwtAlgorithm algorithm, String token) {
        assertTrue(result.out.contains("ACCEPTED"), result.out);
        assertTrue(result.out.contains("principal  alice"), result.out);
        assertTrue(result.out.contains("roles      admin, user"), result.out);
        assertTrue(result.out.contains("scopes     orders:read"), result.out);
        assertTrue(result.out.contains("expires    2026-11-22T10:15:00Z (in 15m 0s)"), result.out);
        assertTrue(result.out.contains("issuer     " + Tokens.ISSUER), result.out);
        assertTrue(result.out.contains("audience   " + Tokens.AUDIENCE), result.out);
        assertTrue(result.out.contains("algorithm  " + algorithm.name()), result.out);
        assertFalse(result.all().contains(token), "verify never prints the token");
        assertFalse(result.all().contains(token.substring(token.lastIndexOf('.') + 1)), "nor its signature");
    }

    static String param(String name, String value) {
        return "    <init-param><param-name>" + name + "</param-name><param-value>" + value
                + "</param-value></init-param>\n";
    }

    static String webXml(String initParams) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + "  <filter>\n"
                + "    <filter-name>jwtgate</filter-name>\n"
                + "    <filter-class>org.jwtgate.jakarta.JwtAuthenticationFilter</filter-class>\n"
                + initParams
                + "  </filter>\n"
                + "</web-app>\n";
    }
}
