package org.jwtgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.jwtgate.internal.config.DurationText;

/**
 * The command line's frame: help everywhere, exit code 2 and a clear message for every malformed
 * command line, and nothing typed by the user echoed with its control characters.
 */
class MainTest {

    private final Cli cli = Cli.atFixtureNow();

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void main_help_listsTheCommands(String help) {
        Cli.Result result = cli.run(help).exits(ExitCode.OK);

        assertTrue(result.out.startsWith("Usage: java -jar jwtgate-"), result.out);
        assertTrue(result.out.contains("  keygen ") && result.out.contains("  sign ") && result.out.contains("  verify ")
                && result.out.contains("  rules ") && result.out.contains("  revoke "),
                result.out);
        assertEquals("", result.err);
    }

    @Test
    void main_noArguments_printsTheUsageOnStandardError_exit2() {
        Cli.Result result = cli.run().exits(ExitCode.USAGE);

        assertTrue(result.err.startsWith("Usage:"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void main_version_printsIt() {
        assertTrue(cli.run("--version").exits(ExitCode.OK).out.startsWith("JwtGate "));
    }

    @ParameterizedTest
    @CsvSource({"keygen, --help", "keygen, -h", "sign, --help", "sign, -h", "verify, --help", "verify, -h",
        "rules, --help", "rules, -h", "revoke, --help", "revoke, -h"})
    void command_help_printsItsUsage(String command, String help) {
        Cli.Result result = cli.run(command, help).exits(ExitCode.OK);

        assertTrue(result.out.startsWith("Usage: jwtgate " + command), result.out);
        assertTrue(result.out.contains("Examples:"), result.out);
        assertEquals(result.out, cli.run("help", command).exits(ExitCode.OK).out, "help CMD says the same");
    }

    @Test
    void verifyHelp_documentsTheExitCodes() {
        String help = cli.run("verify", "--help").out;

        for (String line : new String[] {"0  accepted", "1  rejected", "2  usage error", "3  forbidden",
            "4  keys unavailable", "5  invalid configuration"}) {
            assertTrue(help.contains(line), line);
        }
    }

    @Test
    void command_helpAmongBadOptions_stillPrintsHelp() {
        assertTrue(cli.run("sign", "--bogus", "--alg", "--help").exits(ExitCode.OK).out.startsWith("Usage: jwtgate sign"));
    }

    @Test
    void main_unknownCommand_isAUsageError_echoedWithoutControlCharacters() {
        Cli.Result result = cli.run("\u001b[2Jkeygen\u0007").exits(ExitCode.USAGE);

        assertTrue(result.err.contains("unknown command ?[2Jkeygen?; expected one of keygen, sign, verify, rules, revoke"), result.err);
        assertFalse(result.err.chars().anyMatch(c -> c == 0x1b || c == 0x07));
        assertTrue(cli.run("help", "bogus").exits(ExitCode.USAGE).err.contains("unknown command bogus"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sign --bogus x|unknown option --bogus",
        "sign --alg|--alg needs a value",
        "sign --alg --key env:X|--alg needs a value",
        "sign --alg=|--alg needs a non-empty value",
        "sign --alg HS256 --alg HS384|--alg is given twice",
        "keygen -x|unknown option -x",
        "verify --web-xml|--web-xml needs a value"})
    void command_malformedOptions_isAUsageErrorNamingTheOption(String line, String message) {
        Cli.Result result = cli.run(line.split(" ")).exits(ExitCode.USAGE);

        assertTrue(result.err.contains(message), result.err);
        assertTrue(result.err.contains("--help shows its usage"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void command_unknownOptionWithControlCharacters_isEchoedWithoutThem() {
        Cli.Result result = cli.run("keygen", "--\u001b]0;x\u0007").exits(ExitCode.USAGE);

        assertTrue(result.err.contains("unknown option --?]0;x?"), result.err);
    }

    @Test
    void arguments_valuesMayStartWithDashes_andDoubleDashEndsOptions() throws Exception {
        Arguments parsed = new Arguments.Spec().single("--sub").repeated("--claim")
                .parse(List.of("--sub", "-5", "--claim", "a=1", "--claim=b=2", "pos", "--", "--claim", "-"));

        assertEquals("-5", parsed.value("--sub").get());
        assertEquals(List.of("a=1", "b=2"), parsed.values("--claim"));
        assertEquals(List.of("pos", "--claim", "-"), parsed.positionals());
        assertFalse(parsed.help());
    }

    @Test
    void arguments_helpAfterDoubleDash_isAPositional() throws Exception {
        Arguments parsed = new Arguments.Spec().parse(List.of("--", "--help"));

        assertFalse(parsed.help());
        assertEquals(List.of("--help"), parsed.positionals());
    }

    @Test
    void safeText_replacesControlAndInvisibleCharacters_andCutsLongText() {
        assertEquals("a?b?c?d?e", SafeText.of("a\u001bb\rc\u202ed\u2028e"));
        assertEquals("x".repeat(200) + "… (5 more characters)", SafeText.of("x".repeat(205)));
        assertEquals("(none)", SafeText.of(null));
        assertEquals("emoji 😀 kept", SafeText.of("emoji 😀 kept"));
    }

    @Test
    void durationText_describesTheLargestUnits() {
        assertEquals("45s", DurationText.describe(Duration.ofSeconds(45)));
        assertEquals("1m 5s", DurationText.describe(Duration.ofSeconds(65)));
        assertEquals("1h 0m 0s", DurationText.describe(Duration.ofHours(1)));
        assertEquals("2d 3h", DurationText.describe(Duration.ofHours(51).plusMinutes(7)));
        assertEquals("5s", DurationText.describe(Duration.ofSeconds(-5)));
        assertThrows(CommandException.class, () -> Arguments.duration("--ttl", ""));
    }

    /** The init-params' duration syntax, with the command line's own range and words. */
    @Test
    void argumentsDuration_initParamSyntax_commandLineRangeAndMessages() throws CommandException {
        assertEquals(Duration.ofMinutes(15), Arguments.duration("--ttl", "15m"));
        assertEquals(Duration.ofSeconds(90), Arguments.duration("--ttl", "90"));
        assertEquals(Duration.ofDays(3650), Arguments.duration("--ttl", "3650d"));
        assertEquals("--ttl expects a duration such as 3600s, 15m, 1h or 2d",
                assertThrows(CommandException.class, () -> Arguments.duration("--ttl", "1w")).getMessage());
        for (String outOfRange : List.of("0", "0m", "3651d", "-5", "9223372036854775807d")) {
            assertEquals("--ttl must be from 1 second to 3650 days",
                    assertThrows(CommandException.class, () -> Arguments.duration("--ttl", outOfRange)).getMessage(),
                    outOfRange);
        }
    }
}
