package io.flatnet.cli;

/** A failure to report as one line on standard error, with the exit code to leave with. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
