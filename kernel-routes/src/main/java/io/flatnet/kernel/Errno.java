package io.flatnet.kernel;

import java.util.Map;

/**
 * A Linux errno value with its symbolic name, so that kernel errors read as "ENETUNREACH" rather
 * than "-101". Numbers are those of the generic Linux ABI (asm-generic/errno-base.h, errno.h).
 */
public record Errno(int code) {

    public static final Errno EPERM = new Errno(1);
    public static final Errno ENOENT = new Errno(2);
    public static final Errno ESRCH = new Errno(3);
    public static final Errno EAGAIN = new Errno(11);
    public static final Errno EEXIST = new Errno(17);
    public static final Errno ENODEV = new Errno(19);
    public static final Errno EINVAL = new Errno(22);
    public static final Errno ENETUNREACH = new Errno(101);
    public static final Errno ENOBUFS = new Errno(105);
    public static final Errno EHOSTUNREACH = new Errno(113);

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            Map.entry(1, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(2, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(3, new String[] {"ESRCH", "No such process"}),
            Map.entry(4, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(9, new String[] {"EBADF", "Bad file descriptor"}),
            Map.entry(11, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(12, new String[] {"ENOMEM", "Cannot allocate memory"}),
            Map.entry(13, new String[] {"EACCES", "Permission denied"}),
            Map.entry(16, new String[] {"EBUSY", "Device or resource busy"}),
            Map.entry(17, new String[] {"EEXIST", "File exists"}),
            Map.entry(19, new String[] {"ENODEV", "No such device"}),
            Map.entry(22, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(28, new String[] {"ENOSPC", "No space left on device"}),
            Map.entry(34, new String[] {"ERANGE", "Numerical result out of range"}),
            Map.entry(90, new String[] {"EMSGSIZE", "Message too long"}),
            Map.entry(93, new String[] {"EPROTONOSUPPORT", "Protocol not supported"}),
            Map.entry(95, new String[] {"EOPNOTSUPP", "Operation not supported"}),
            Map.entry(97, new String[] {"EAFNOSUPPORT", "Address family not supported by protocol"}),
            Map.entry(99, new String[] {"EADDRNOTAVAIL", "Cannot assign requested address"}),
            Map.entry(100, new String[] {"ENETDOWN", "Network is down"}),
            Map.entry(101, new String[] {"ENETUNREACH", "Network is unreachable"}),
            Map.entry(105, new String[] {"ENOBUFS", "No buffer space available"}),
            Map.entry(110, new String[] {"ETIMEDOUT", "Connection timed out"}),
            Map.entry(113, new String[] {"EHOSTUNREACH", "No route to host"}));

    /** "EEXIST", or "errno 42" for a number this table does not know. */
    public String name() {
        String[] n = NAMES.get(code);
        return n != null ? n[0] : "errno " + code;
    }

    public String description() {
        String[] n = NAMES.get(code);
        return n != null ? n[1] : "unknown error";
    }

    @Override
    public String toString() {
        return name() + " (" + description() + ")";
    }
}
