package io.flatnet.agent.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * The API socket's file: the directory made 0755 when missing, a stale socket (left by an agent
 * that died without removing it: connecting is refused) replaced, a live one or a file that is not
 * a socket refused, and the new socket made 0660 (with a configured group, if any).
 */
final class SocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFile() {}

    static void prepare(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            // createDirectories applies the umask; say exactly what we mean.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket; remove it or"
                    + " choose another --api-socket");
        }
        if (answers(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "another flatnet agent is serving this"
                    + " socket; stop it first or choose another --api-socket");
        }
        Files.delete(path); // stale: nothing accepts on it
    }

    /** Whether something accepts connections on the socket at {@code path}. */
    static boolean answers(Path path) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            return false;
        }
    }

    /** Mode 0660, and the group {@code group} names when given: root and that group may connect. */
    static void restrict(Path path, Optional<String> group) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        if (group.isPresent()) {
            GroupPrincipal principal;
            try {
                principal = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group.get());
            } catch (UserPrincipalNotFoundException e) {
                throw new IOException("--api-socket-group: no group named '" + group.get() + "'", e);
            }
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
        }
    }

    /** An I/O failure as one line that names the file. */
    static String describe(Exception e) {
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f && f.getReason() != null) {
            return f.getFile() + " " + f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
