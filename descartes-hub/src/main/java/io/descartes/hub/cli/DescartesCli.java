package io.descartes.hub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code descartes}: the hub's command line (bin/descartes runs it from the hub's jar). It talks to a running hub
 * over its HTTP API and {@code /ws/events} with the hub's bearer token, never to its database or files.
 */
@Command(name = "descartes",
        description = "Control and watch the agents of a Descartes hub over its HTTP API.",
        subcommands = {SpawnCommand.class, ListCommand.class, StatusCommand.class, LogsCommand.class,
                ControlCommand.Pause.class, ControlCommand.Resume.class, ControlCommand.Stop.class,
                ControlCommand.Kill.class, SnapshotCommand.class, SnapshotsCommand.class, RewindCommand.class,
                RunnersCommand.class, HealthCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
                "1:the hub refused or failed the request (its reason is printed: 401 token, 404 unknown agent, "
                        + "409 wrong state, 503 hub DOWN...)",
                "2:usage: unknown command or option, bad value, unreadable token file",
                "3:the hub cannot be reached (not running, wrong --hub, no answer in time)"})
public final class DescartesCli {

    static final int OK = 0;
    static final int HUB_ERROR = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;
    static final int UNREACHABLE = 3;

    @Mixin
    HubOptions options;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new DescartesCli());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliFailure failure) {
                commandLine.getErr().println("descartes: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("descartes: " + e.getMessage() + " (descartes "
                    + (command == cli ? "" : command.getCommandName() + " ") + "--help shows how)");
            return USAGE;
        });
        return cli.execute(args);
    }
}
