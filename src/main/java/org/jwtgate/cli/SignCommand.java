package org.jwtgate.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.jwtgate.JwtAlgorithm;
import org.jwtgate.JwtGateSettings.SecretEncoding;
import org.jwtgate.internal.syntax.HttpSyntax;

/**
 * {@code sign}: mints a token for development and tests. The key comes from a reference, read and
 * checked as the filter reads and checks its own; {@code iat} and {@code exp} are always set, from
 * the injected clock. Prints the token and nothing else on standard output.
 */
final class SignCommand implements Command {

    static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    @Override
    public String name() {
        return "sign";
    }

    @Override
    public String summary() {
        return "mint a signed token for development and tests";
    }

    @Override
    public String help() {
        return "Usage: jwtgate sign --alg ALG --key REF [options]\n"
                + "\n"
                + "Mints a signed token for development and tests and prints it, and only it, on standard output.\n"
                + "\n"
                + "  --alg ALG            the algorithm (required): HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384\n"
                + "                       PS512 ES256 ES384 ES512 EdDSA\n"
                + "  --key REF            the signing key (required), a reference as the filter takes them: env:NAME,\n"
                + "                       file:PATH or sysprop:NAME. HS*: the shared secret, refused where the filter\n"
                + "                       would refuse it (shorter than the hash, published, guessable). Others: the\n"
                + "                       private key, PKCS#8 in PEM (as keygen writes it) or DER. A key written on the\n"
                + "                       command line is refused: it would stay in the shell's history and show in\n"
                + "                       the process list.\n"
                + "  --secret-encoding E  how the secret's text becomes bytes, as the filter's secretEncoding: utf8\n"
                + "                       (the default, as in the filter), base64, base64url, hex\n"
                + "  --sub TEXT           subject (the principal's name, with the default principalClaim)\n"
                + "  --iss TEXT           issuer\n"
                + "  --aud TEXT           audience; repeat it for several (aud is then an array)\n"
                + "  --kid TEXT           key id, in the header\n"
                + "  --claim NAME=TEXT    a claim with a string value; repeatable\n"
                + "  --claim NAME:=JSON   a claim with any JSON value: number, boolean, array, object, null\n"
                + "                       (--claim level:=3 --claim 'roles:=[\"admin\",\"user\"]' --claim nbf:=1767225600)\n"
                + "  --ttl DURATION       lifetime: 3600s, 15m, 1h, 2d (default 15m)\n"
                + "\n"
                + "iat is always now and exp always now + --ttl; --claim cannot set them.\n"
                + "\n"
                + "Examples:\n"
                + "  jwtgate sign --alg HS256 --key env:JWT_SECRET --secret-encoding base64 --sub alice \\\n"
                + "      --iss https://login.example.com --aud orders-app --claim scope='orders:read orders:write'\n"
                + "  jwtgate sign --alg ES256 --key file:/etc/issuer/jwt-2026-11.private.pem --kid 2026-11 --sub alice --ttl 1h\n";
    }

    @Override
    public Arguments.Spec options() {
        return new Arguments.Spec()
                .single("--alg", "--key", "--secret-encoding", "--sub", "--iss", "--kid", "--ttl")
                .repeated("--aud", "--claim");
    }

    @Override
    public int run(Arguments arguments, CommandContext context) throws CommandException {
        if (!arguments.positionals().isEmpty()) {
            throw CommandException.usage("sign takes no arguments besides options; found "
                    + SafeText.of(arguments.positionals().get(0)));
        }
        JwtAlgorithm algorithm = Arguments.algorithm("--alg", arguments.required("--alg", "the algorithm to sign with"));
        String key = arguments.required("--key", "env:NAME, file:PATH or sysprop:NAME of the signing key");
        SecretEncoding encoding = SecretEncoding.UTF8;
        if (arguments.has("--secret-encoding")) {
            if (algorithm.family() != JwtAlgorithm.Family.HMAC) {
                throw CommandException.usage("--secret-encoding applies to HS algorithms only");
            }
            encoding = Arguments.secretEncoding("--secret-encoding", arguments.value("--secret-encoding").get(),
                    EnumSet.allOf(SecretEncoding.class));
        }
        Duration ttl = arguments.has("--ttl") ? Arguments.duration("--ttl", arguments.value("--ttl").get()) : DEFAULT_TTL;

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.name());
        header.put("typ", "JWT");
        arguments.value("--kid").ifPresent(kid -> header.put("kid", kid));
        if (header.containsKey("kid") && HttpSyntax.hasControlCharacter((String) header.get("kid"))) {
            throw CommandException.usage("--kid must not contain control characters");
        }
        Map<String, Object> claims = claims(arguments, context.clock().instant().getEpochSecond(), ttl);
        // Read last: a bad option is reported before any key is touched.
        TokenSigner signer = SigningKeyReader.read(algorithm, key, encoding, context.resolver());
        context.out().println(signer.sign(header, claims));
        if (!claims.containsKey("sub")) {
            context.err().println("jwtgate sign: note: the token has no sub; with the default principalClaim (sub) "
                    + "the filter refuses it as MISSING_CLAIM");
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> claims(Arguments arguments, long now, Duration ttl) throws CommandException {
        Map<String, Object> claims = new LinkedHashMap<>();
        arguments.value("--iss").ifPresent(iss -> claims.put("iss", iss));
        arguments.value("--sub").ifPresent(sub -> claims.put("sub", sub));
        List<String> audiences = arguments.values("--aud");
        if (!audiences.isEmpty()) {
            claims.put("aud", audiences.size() == 1 ? audiences.get(0) : audiences);
        }
        claims.put("iat", now);
        claims.put("exp", now + ttl.getSeconds());
        for (String item : arguments.values("--claim")) {
            int equals = item.indexOf('=');
            boolean json = equals > 0 && item.charAt(equals - 1) == ':';
            String name = equals < 0 ? "" : item.substring(0, json ? equals - 1 : equals);
            if (name.isEmpty()) {
                throw CommandException.usage("--claim expects NAME=TEXT or NAME:=JSON");
            }
            if (name.equals("exp") || name.equals("iat")) {
                throw CommandException.usage("--claim cannot set " + name + ": iat is always now and exp now + --ttl, "
                        + "so that every token minted here expires");
            }
            if (claims.containsKey(name)) {
                boolean option = name.equals("iss") || name.equals("sub") || name.equals("aud");
                throw CommandException.usage("claim " + SafeText.of(name) + " is given twice"
                        + (option ? " (by --" + name + " and by --claim)" : ""));
            }
            String value = item.substring(equals + 1);
            claims.put(name, json ? json(name, value) : value);
        }
        return claims;
    }

    private static JsonNode json(String name, String text) throws CommandException {
        try {
            JsonNode node = StrictJson.read(text);
            if (node == null) {
                throw CommandException.usage("--claim " + SafeText.of(name) + ":= needs a JSON value");
            }
            return node;
        } catch (IOException e) {
            // Jackson's message quotes the input; the claim's name says enough.
            throw CommandException.usage("--claim " + SafeText.of(name) + ":= is not one valid JSON value (strings "
                    + "need double quotes: --claim '" + SafeText.of(name) + ":=\"text\"', or use " + SafeText.of(name)
                    + "=text)");
        }
    }
}
