package org.jwtgate.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateConfigurationException;
import org.jwtgate.JwtGateSettings;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.KeyReference;
import org.jwtgate.internal.config.ReferenceResolver;
import org.jwtgate.internal.keys.KeyLoader;

/**
 * {@code keygen ALG}: a random HMAC secret, or a key pair in files, that the filter accepts. What it
 * makes is first put through the filter's own key loading (length, weak-secret and key checks), so
 * it never hands out something the filter would refuse.
 */
final class KeygenCommand implements Command {

    static final int DEFAULT_RSA_BITS = 3072;
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    static final int MAX_SECRET_BYTES = 1024;
    static final String DEFAULT_ENV = "JWT_SECRET";
    /** Random bytes are not text: {@code utf8} would need a printable secret, with less entropy per byte. */
    static final EnumSet<SecretEncoding> ENCODINGS =
            EnumSet.of(SecretEncoding.BASE64, SecretEncoding.BASE64URL, SecretEncoding.HEX);

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** URL-safe and free of the {@code ,} and {@code =} that the {@code kid=reference} syntax splits on. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final String CHECK_VARIABLE = "JWTGATE_KEYGEN_CHECK";

    private final SecureRandom random = new SecureRandom();

    @Override
    public String name() {
        return "keygen";
    }

    @Override
    public String summary() {
        return "generate an HMAC secret, or a key pair in files, for an algorithm";
    }

    @Override
    public String help() {
        return "Usage: jwtgate keygen ALG [options]\n"
                + "\n"
                + "Generates a key for ALG: HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512\n"
                + "EdDSA. It is first checked by the filter's own key loading, so the filter accepts it.\n"
                + "\n"
                + "HS256, HS384, HS512: a random secret (SecureRandom), printed as NAME=value for the application's\n"
                + "environment, after two # lines that name the init-params to use (so the output is a valid env file).\n"
                + "  --bytes N       length in bytes: at least, and by default, the hash length (32, 48, 64); at most "
                + MAX_SECRET_BYTES + "\n"
                + "  --encoding ENC  base64 (default), base64url or hex: the secretEncoding init-param to use with it\n"
                + "  --env NAME      the environment variable's name (default " + DEFAULT_ENV + ")\n"
                + "  --out FILE      write the secret to a new FILE instead (owner read/write only), for a file: reference\n"
                + "\n"
                + "RS256..PS512, ES256, ES384, ES512, EdDSA: a key pair, written to three new files:\n"
                + "  PREFIX.private.pem  the private key (PKCS#8), owner read/write only: for the issuer, never the app\n"
                + "  PREFIX.public.pem   the public key: for the publicKeys init-param\n"
                + "  PREFIX.jwks.json    the public key as a JWK Set, with kid, alg and use: to publish for jwksUri\n"
                + "  --out PREFIX    where to write them (required)\n"
                + "  --bits N        RSA modulus size: " + MIN_RSA_BITS + " or more (default " + DEFAULT_RSA_BITS + ")\n"
                + "  --curve CRV     EdDSA curve: Ed25519 (default) or Ed448; ES256/384/512 use P-256/384/521\n"
                + "  --kid ID        key id (default: the key's RFC 7638 thumbprint); letters, digits, - . _ ~\n"
                + "\n"
                + "Existing files are never overwritten: if any target exists, nothing is written.\n"
                + "\n"
                + "Examples:\n"
                + "  jwtgate keygen HS256 > jwt.env\n"
                + "  jwtgate keygen HS512 --encoding hex --out /run/secrets/jwt-b\n"
                + "  jwtgate keygen ES256 --out /etc/myapp/jwt-2026-11 --kid 2026-11\n";
    }

    @Override
    public Arguments.Spec options() {
        return new Arguments.Spec().single("--bytes", "--encoding", "--env", "--out", "--bits", "--curve", "--kid");
    }

    @Override
    public int run(Arguments arguments, CommandContext context) throws CommandException {
        List<String> positionals = arguments.positionals();
        if (positionals.size() != 1) {
            throw CommandException.usage("keygen takes exactly one algorithm, e.g. keygen HS256 or keygen ES256");
        }
        JwtAlgorithm algorithm = Arguments.algorithm("algorithm", positionals.get(0));
        if (algorithm.family() == JwtAlgorithm.Family.HMAC) {
            arguments.refuse("applies to key pairs only (RS, PS, ES, EdDSA)", "--bits", "--curve", "--kid");
            return secret(algorithm, arguments, context);
        }
        arguments.refuse("applies to HMAC secrets only (HS256, HS384, HS512)", "--bytes", "--encoding", "--env");
        if (algorithm.family() != JwtAlgorithm.Family.RSA) {
            arguments.refuse("applies to RS and PS algorithms only", "--bits");
        }
        if (algorithm != JwtAlgorithm.EdDSA) {
            arguments.refuse("applies to EdDSA only", "--curve");
        }
        return keyPair(algorithm, arguments, context);
    }

    private int secret(JwtAlgorithm algorithm, Arguments arguments, CommandContext context) throws CommandException {
        int bytes = algorithm.minSecretBytes();
        if (arguments.has("--bytes")) {
            bytes = integer("--bytes", arguments.value("--bytes").get());
            if (bytes < algorithm.minSecretBytes() || bytes > MAX_SECRET_BYTES) {
                throw CommandException.usage("--bytes for " + algorithm + " must be from " + algorithm.minSecretBytes()
                        + " (the hash length; the filter refuses shorter secrets) to " + MAX_SECRET_BYTES);
            }
        }
        SecretEncoding encoding = arguments.has("--encoding")
                ? Arguments.secretEncoding("--encoding", arguments.value("--encoding").get(), ENCODINGS)
                : SecretEncoding.BASE64;
        String variable = arguments.value("--env").orElse(DEFAULT_ENV);
        if (!ENV_NAME.matcher(variable).matches()) {
            throw CommandException.usage("--env expects an environment variable name: letters, digits and _");
        }
        String text = checkedSecret(algorithm, bytes, encoding);
        String encodingName = encoding.name().toLowerCase(Locale.ROOT);
        String description = algorithm + " secret: " + bytes + " random bytes, " + encodingName;
        if (arguments.has("--out")) {
            arguments.refuse("does not apply with --out (the secret goes to the file)", "--env");
            Path file = path("--out", arguments.value("--out").get());
            warn(context, KeyFileWriter.writeAll(List.of(new KeyFileWriter.Target(file,
                    (text + "\n").getBytes(StandardCharsets.US_ASCII), true))));
            context.out().println("wrote " + SafeText.of(file.toAbsolutePath().normalize().toString()) + " ("
                    + description + "; owner read/write only)");
            String reference = "file:" + SafeText.of(file.toAbsolutePath().normalize().toString());
            context.out().println("init-params: secret=" + reference + ", secretEncoding=" + encodingName);
            context.out().println("sign with: jwtgate sign --alg " + algorithm + " --key " + reference
                    + " --secret-encoding " + encodingName);
            return ExitCode.OK;
        }
        context.out().println("# " + description + ". Keep it out of web.xml, logs and version control.");
        context.out().println("# init-params: secret=env:" + variable + ", secretEncoding=" + encodingName
                + "; sign with: jwtgate sign --alg " + algorithm + " --key env:" + variable + " --secret-encoding "
                + encodingName);
        context.out().println(variable + "=" + text);
        return ExitCode.OK;
    }

    /**
     * A fresh secret that the filter's key loading accepts: right length, not weak. Random bytes
     * practically always pass; one that does not is never shown, and another is drawn.
     */
    private String checkedSecret(JwtAlgorithm algorithm, int bytes, SecretEncoding encoding) throws CommandException {
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] secret = new byte[bytes];
            random.nextBytes(secret);
            String text = encode(secret, encoding);
            JwtGateSettings settings = JwtGateSettings.builder()
                    .algorithms(algorithm)
                    .secret(KeyReference.of("env:" + CHECK_VARIABLE))
                    .secretEncoding(encoding)
                    .build();
            if (acceptedByFilter(settings, text)) {
                return text;
            }
        }
        throw CommandException.failed("could not draw a secret the filter accepts; is SecureRandom broken?");
    }

    private static String encode(byte[] secret, SecretEncoding encoding) {
        switch (encoding) {
            case BASE64URL: return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            case HEX: return hex(secret);
            default: return Base64.getEncoder().encodeToString(secret);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    private int keyPair(JwtAlgorithm algorithm, Arguments arguments, CommandContext context) throws CommandException {
        String prefix = arguments.required("--out", "the path prefix of the three files, e.g. --out /etc/myapp/jwt-a");
        Path privateFile = path("--out", prefix + ".private.pem");
        Path publicFile = path("--out", prefix + ".public.pem");
        Path jwksFile = path("--out", prefix + ".jwks.json");
        String keyId = arguments.value("--kid").orElse(null);
        if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
            throw CommandException.usage("--kid expects 1 to 128 letters, digits, -, ., _ or ~");
        }
        KeyFileWriter.requireAbsent(List.of(privateFile, publicFile, jwksFile));
        KeyPair pair = generate(algorithm, arguments);
        String publicPem = Pem.encode(Pem.PUBLIC_KEY, pair.getPublic().getEncoded());
        JwtGateSettings settings = JwtGateSettings.builder()
                .algorithms(algorithm)
                .publicKeys(KeyReference.of("env:" + CHECK_VARIABLE))
                .build();
        if (!acceptedByFilter(settings, publicPem)) {
            throw CommandException.failed("the generated public key is refused by the filter's key loading; "
                    + "this is a bug, please report it");
        }
        if (keyId == null) {
            keyId = PublicJwk.thumbprint(pair.getPublic());
        }
        warn(context, KeyFileWriter.writeAll(List.of(
                new KeyFileWriter.Target(privateFile,
                        Pem.encode(Pem.PRIVATE_KEY, pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII), true),
                new KeyFileWriter.Target(publicFile, publicPem.getBytes(StandardCharsets.US_ASCII), false),
                new KeyFileWriter.Target(jwksFile,
                        PublicJwk.jwkSet(pair.getPublic(), algorithm, keyId).getBytes(StandardCharsets.US_ASCII), false))));
        String privatePath = SafeText.of(privateFile.toAbsolutePath().normalize().toString());
        String publicPath = SafeText.of(publicFile.toAbsolutePath().normalize().toString());
        context.out().println("wrote " + privatePath + " (" + algorithm + " private key, PKCS#8, owner read/write "
                + "only): keep it with the issuer, never in the application");
        context.out().println("wrote " + publicPath + " (public key): for the publicKeys init-param");
        context.out().println("wrote " + SafeText.of(jwksFile.toAbsolutePath().normalize().toString())
                + " (JWK Set, kid " + keyId + ", alg " + algorithm + "): to publish for jwksUri");
        context.out().println("init-params: algorithms=" + algorithm + ", publicKeys=" + keyId + "=file:" + publicPath);
        context.out().println("try it: jwtgate sign --alg " + algorithm + " --key file:" + privatePath + " --kid "
                + keyId + " --sub alice");
        return ExitCode.OK;
    }

    private KeyPair generate(JwtAlgorithm algorithm, Arguments arguments) throws CommandException {
        try {
            switch (algorithm.family()) {
                case RSA: {
                    int bits = DEFAULT_RSA_BITS;
                    if (arguments.has("--bits")) {
                        bits = integer("--bits", arguments.value("--bits").get());
                        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                            throw CommandException.usage("--bits must be from " + MIN_RSA_BITS + " (the filter refuses "
                                    + "smaller RSA keys) to " + MAX_RSA_BITS);
                        }
                    }
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(bits, random);
                    return generator.generateKeyPair();
                }
                case EC: {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(algorithm == JwtAlgorithm.ES256 ? "secp256r1"
                            : algorithm == JwtAlgorithm.ES384 ? "secp384r1" : "secp521r1"), random);
                    return generator.generateKeyPair();
                }
                default: {
                    String curve = arguments.value("--curve").orElse("Ed25519");
                    if (!curve.equalsIgnoreCase("Ed25519") && !curve.equalsIgnoreCase("Ed448")) {
                        throw CommandException.usage("--curve expects Ed25519 or Ed448");
                    }
                    return edDsaGenerator(curve.equalsIgnoreCase("Ed448") ? "Ed448" : "Ed25519").generateKeyPair();
                }
            }
        } catch (GeneralSecurityException e) {
            throw CommandException.failed("this JVM cannot generate " + algorithm + " keys: "
                    + SafeText.of(e.getMessage()));
        }
    }

    private KeyPairGenerator edDsaGenerator(String curve) throws CommandException {
        try {
            return KeyPairGenerator.getInstance(curve);
        } catch (NoSuchAlgorithmException e) {
            throw CommandException.usage("EdDSA needs Java 15 or later (this JVM has no " + curve + ")");
        }
    }

    /** Whether the filter's own key loading accepts this key text, given as the reference it would read. */
    private static boolean acceptedByFilter(JwtGateSettings settings, String text) {
        ReferenceResolver resolver = new ReferenceResolver(
                name -> name.equals(CHECK_VARIABLE) ? text : null, name -> null);
        try {
            KeyLoader.load(settings, resolver, 1);
            return true;
        } catch (JwtGateConfigurationException e) {
            return false;
        }
    }

    private static int integer(String option, String text) throws CommandException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CommandException.usage(option + " expects a whole number");
        }
    }

    private static Path path(String option, String text) throws CommandException {
        try {
            return Paths.get(text);
        } catch (InvalidPathException e) {
            throw CommandException.usage(option + " is not a valid path: " + SafeText.of(text));
        }
    }

    private static void warn(CommandContext context, List<String> warnings) {
        for (String warning : warnings) {
            context.err().println("jwtgate keygen: warning: " + warning);
        }
    }
}
