package io.descartes.hub.cli;

/** Why a command could not do its work, with the exit code that says which kind of failure it was. */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
