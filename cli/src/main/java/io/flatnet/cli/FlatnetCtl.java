package io.flatnet.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code flatnetctl} command: subcommands inspect and control the agent through its API. */
@Command(
        name = "flatnetctl",
        mixinStandardHelpOptions = true,
        version = "flatnetctl 0.1.0 (API v1)",
        description = "Inspects and controls a running flatnet agent through its API.",
        subcommands = {
            NodeCommand.class,
            PeersCommand.class,
            RoutesCommand.class,
            PeerCommand.class,
            DecommissionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the agent is not running or refused the request", "2:usage error"})
public final class FlatnetCtl {
    static final String DEFAULT_API = "http://127.0.0.1:9179";

    @Option(names = "--api", paramLabel = "URL", scope = ScopeType.INHERIT,
            defaultValue = "${env:FLATNET_API:-" + DEFAULT_API + "}",
            description = "the agent's API (default: $FLATNET_API, else " + DEFAULT_API + ")")
    String api;

    final Clock clock;

    public FlatnetCtl() {
        this(Clock.systemDefaultZone());
    }

    /** @param clock now and the time zone that SINCE columns are shown in */
    public FlatnetCtl(Clock clock) {
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new FlatnetCtl(), new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args));
    }

    /** The command with flatnetctl's error handling: a {@link CliException} is one line and its exit code. */
    public static CommandLine commandLine(FlatnetCtl ctl, PrintWriter out, PrintWriter err) {
        return new CommandLine(ctl).setOut(out).setErr(err).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println(c.getMessage());
                cmd.getErr().flush();
                return c.exitCode;
            }
            cmd.getErr().println("flatnetctl: " + e);
            cmd.getErr().flush();
            return 1;
        });
    }

    ApiClient client() {
        URI uri;
        try {
            uri = URI.create(api);
        } catch (IllegalArgumentException e) {
            throw new CliException(2, "--api " + api + ": not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CliException(2, "--api " + api + ": expected http://HOST:PORT, e.g. " + DEFAULT_API);
        }
        return new ApiClient(uri);
    }

    /** BIRD's and calicoctl's SINCE: the time of day for today, else the date. */
    String since(String iso) {
        if (iso == null) {
            return "";
        }
        try {
            ZonedDateTime t = Instant.parse(iso).atZone(clock.getZone());
            if (t.toLocalDate().equals(LocalDate.now(clock))) {
                return t.format(DateTimeFormatter.ofPattern("HH:mm:ss"));
            }
            return t.format(DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** A local, second-precision timestamp for detail views. */
    String timestamp(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            return Instant.parse(iso).atZone(clock.getZone())
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        String hms = String.format("%02d:%02d:%02d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
        return d.toDays() > 0 ? d.toDays() + "d " + hms : hms;
    }
}
