package io.flatnet.kernel.netlink;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fresh network namespace for one test, with an owner thread inside it on which netlink sockets
 * are opened and the syncer runs. Two veth pairs give two on-link gateways:
 * fa0 100.64.0.1/24, fd00:64::1/64 (gateways .2 / ::2) and fa1 100.64.1.1/24, fd00:64:1::1/64.
 * Deleting the namespace on close removes every route and link in it.
 */
final class Netns implements AutoCloseable {

    final String name = "fnk" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final ExecutorService owner = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("owner-" + name).daemon().unstarted(r));

    /** Skips without root; fails instead when CI=true, where a privileged test must really run. */
    static void assumePrivileged() {
        String why = null;
        if (!isRoot()) {
            why = "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for ip netns / setns)";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) {
            why = "needs iproute2's ip command";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("privileged test cannot run under CI=true: " + why);
            }
            org.junit.jupiter.api.Assumptions.abort("skipping privileged kernel test: " + why);
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    Netns() {
        run("ip", "netns", "add", name);
        try {
            ip("link", "set", "lo", "up");
            veth("fa0", "fb0", "100.64.0.1/24", "fd00:64::1/64");
            veth("fa1", "fb1", "100.64.1.1/24", "fd00:64:1::1/64");
            call(() -> {
                NetNamespace.enter(name);
                return null;
            });
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void veth(String a, String b, String v4, String v6) {
        ip("link", "add", "name", a, "type", "veth", "peer", "name", b);
        ip("addr", "add", v4, "dev", a);
        ip("addr", "add", v6, "dev", a, "nodad");
        ip("link", "set", a, "up");
        ip("link", "set", b, "up");
    }

    /** Runs {@code ip -n NAME args...}; returns stdout, throws with stderr on failure. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    int ifindex(String dev) {
        String line = ip("-o", "link", "show", "dev", dev);
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    /** Runs on the owner thread, which is inside the namespace. */
    <T> T call(Callable<T> task) {
        try {
            return owner.submit(task).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(Runnable task) {
        owner.execute(task);
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        owner.shutdownNow();
        try {
            owner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run("ip", "netns", "del", name);
    }
}
