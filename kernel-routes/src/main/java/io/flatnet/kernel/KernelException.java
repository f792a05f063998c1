package io.flatnet.kernel;

/**
 * A kernel request failed as a whole (a dump, a socket call, lost acknowledgements), as opposed to
 * one route of a batch, which is a {@link RouteFailure}.
 */
public class KernelException extends RuntimeException {

    private final Errno errno;

    public KernelException(String message, Errno errno) {
        super(message + ": " + errno);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
