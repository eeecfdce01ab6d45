package io.descartes.hub.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the hub is and how to prove who we are, and how to print (tables for people, {@code --json} for scripts):
 * options of every command, given before or after the command's name (inherited by the subcommands).
 */
final class HubOptions {

    /** The hub's own default hub.security.token-file, relative to the folder the hub runs in. */
    static final Path HUB_TOKEN_FILE = Path.of("data", "hub-token");

    @Option(scope = ScopeType.INHERIT, names = {"-h", "--help"}, usageHelp = true, description = "Show this help")
    boolean help;

    @Option(scope = ScopeType.INHERIT, names = "--hub", paramLabel = "URL",
            defaultValue = "${env:DESCARTES_HUB:-http://127.0.0.1:8080}",
            description = "The hub's HTTP address (env DESCARTES_HUB; default ${DEFAULT-VALUE})")
    URI hub;

    @Option(scope = ScopeType.INHERIT, names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DESCARTES_TOKEN}",
            description = "The hub's bearer token (env DESCARTES_TOKEN; else the token file)")
    String token;

    @Option(scope = ScopeType.INHERIT, names = "--token-file", paramLabel = "FILE",
            description = "A file holding the token (default: data/hub-token, the hub's own token file, "
                    + "when it exists)")
    Path tokenFile;

    @Option(scope = ScopeType.INHERIT, names = "--json",
            description = "Print the hub's JSON answers instead of tables (JSON lines for logs)")
    boolean json;

    HubClient client() {
        if (!"http".equals(hub.getScheme()) && !"https".equals(hub.getScheme()) || hub.getHost() == null) {
            throw new CliFailure(DescartesCli.USAGE, "--hub " + hub + ": not an http:// or https:// address");
        }
        if (token != null && !token.isBlank()) {
            return new HubClient(hub, token.strip(), "--token or DESCARTES_TOKEN");
        }
        Path file = tokenFile == null ? HUB_TOKEN_FILE : tokenFile;
        if (tokenFile == null && !Files.exists(file)) {
            return new HubClient(hub, null, null); // the hub may run without auth on loopback; a 401 says what to do
        }
        try {
            return new HubClient(hub, Files.readString(file, StandardCharsets.UTF_8).strip(), "the token file " + file);
        } catch (IOException e) {
            throw new CliFailure(DescartesCli.USAGE, "cannot read the token file " + file + ": " + e);
        }
    }
}
