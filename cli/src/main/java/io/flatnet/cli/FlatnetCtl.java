package io.flatnet.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
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
        versionProvider = VersionCommand.Provider.class,
        description = "Inspects and controls a running flatnet agent through its API.",
        subcommands = {
            NodeCommand.class,
            GetCommand.class,
            HealthCommand.class,
            VersionCommand.class,
            PeersCommand.class,
            RoutesCommand.class,
            PeerCommand.class,
            DecommissionCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the agent is not running, refused the request or is not healthy",
            "2:usage error"})
public final class FlatnetCtl {
    static final String DEFAULT_API = "http://127.0.0.1:9179";
    static final String DEFAULT_SOCKET = "/run/flatnet/flatnet.sock";

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "the agent's API socket (default: $FLATNET_SOCKET, else " + DEFAULT_SOCKET + ")")
    Path socket;

    @Option(names = "--api", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "the agent's API over TCP instead, e.g. " + DEFAULT_API + " (an agent started with"
                    + " --api-listen; default: $FLATNET_API when $FLATNET_SOCKET is unset)")
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

    /** The API client: {@code --socket}, else {@code --api}, else the environment, else the default socket. */
    ApiClient client() {
        if (socket != null && api != null) {
            throw new CliException(2, "--socket and --api both name the agent; give one");
        }
        if (socket != null) {
            return ApiClient.socket(socket);
        }
        String envSocket = System.getenv("FLATNET_SOCKET");
        String envApi = System.getenv("FLATNET_API");
        if (api == null && (envSocket != null && !envSocket.isBlank() || envApi == null || envApi.isBlank())) {
            return ApiClient.socket(Path.of(envSocket != null && !envSocket.isBlank() ? envSocket : DEFAULT_SOCKET));
        }
        String api = this.api != null ? this.api : envApi;
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
