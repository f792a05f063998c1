package io.flatnet.kernel.bench;

import io.flatnet.kernel.KernelRoute;
import io.flatnet.kernel.NextHop;
import io.flatnet.kernel.Prefix;
import io.flatnet.kernel.RouteSyncer;
import io.flatnet.kernel.SyncReport;
import io.flatnet.kernel.netlink.NetNamespace;
import io.flatnet.kernel.netlink.NetlinkRouteTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Installs N /32 routes (100.80.0.0 upwards, all via 100.64.0.2 on one veth) with a fresh
 * {@link RouteSyncer} and removes them again, in a namespace of its own, and prints the median of
 * the runs. Times include the syncer's diff and next-hop resolution, as the agent would see them,
 * not building the route objects.
 *
 * <p>Arguments: {@code [counts=100000,1000000] [runs=3] [batch=4096] [socketBufferMiB=32]
 * [acks=errors|each]}.
 */
public final class FibBench {

    public static void main(String[] args) throws Exception {
        int[] counts = Arrays.stream((args.length > 0 ? args[0] : "100000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
        int bufferMiB = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        boolean ackEach = args.length > 4 && args[4].equals("each");
        String ns = "fnkb" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        sh("ip", "netns", "add", ns);
        try {
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh("ip", "-n", ns, "link", "add", "name", "fa0", "type", "veth", "peer", "name", "fb0");
            sh("ip", "-n", ns, "addr", "add", "100.64.0.1/24", "dev", "fa0");
            sh("ip", "-n", ns, "link", "set", "fa0", "up");
            sh("ip", "-n", ns, "link", "set", "fb0", "up");
            NetNamespace.enter(ns); // this thread only; the sockets below live in the namespace
            System.out.printf(Locale.ROOT, "kernel %s, batch %d, socket buffers %d MiB, acks %s, %d runs%n",
                    System.getProperty("os.version"), batch, bufferMiB, ackEach ? "each" : "errors", runs);
            for (int n : counts) {
                bench(n, runs, new NetlinkRouteTable.Options(batch, bufferMiB << 20, ackEach));
            }
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }

    private static void bench(int n, int runs, NetlinkRouteTable.Options options) {
        List<KernelRoute> routes = new ArrayList<>(n);
        int base = (100 << 24) | (80 << 16);
        NextHop gw = NextHop.via("100.64.0.2");
        for (int i = 0; i < n; i++) {
            int a = base + i;
            byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
            routes.add(KernelRoute.unicast(Prefix.of(b, 32), gw));
        }
        double[] in = new double[runs];
        double[] out = new double[runs];
        for (int run = 0; run < runs; run++) {
            try (NetlinkRouteTable table = NetlinkRouteTable.open(options)) {
                RouteSyncer syncer = new RouteSyncer(table);
                syncer.start();
                long[] c0 = threadCpuTicks();
                long t0 = System.nanoTime();
                SyncReport added = syncer.setDesired(routes);
                long t1 = System.nanoTime();
                long[] c1 = threadCpuTicks();
                int inKernel = table.dump(KernelRoute.MAIN_TABLE, KernelRoute.PROTO_BGP).size();
                long[] c2 = threadCpuTicks();
                long t2 = System.nanoTime();
                SyncReport deleted = syncer.setDesired(List.of());
                long t3 = System.nanoTime();
                long[] c3 = threadCpuTicks();
                int left = table.dump(KernelRoute.MAIN_TABLE, KernelRoute.PROTO_BGP).size();
                if (added.added() != n || inKernel != n || deleted.deleted() != n || left != 0) {
                    throw new IllegalStateException("run " + run + ": added " + added.added() + ", in kernel "
                            + inKernel + ", deleted " + deleted.deleted() + ", left " + left
                            + ", failures " + added.failures().size() + "/" + deleted.failures().size());
                }
                in[run] = (t1 - t0) / 1e9;
                out[run] = (t3 - t2) / 1e9;
                System.out.printf(Locale.ROOT,
                        "  %,d routes run %d: in %.3f s (cpu user %.2f s, sys %.2f s), out %.3f s (cpu user %.2f s, sys %.2f s)%n",
                        n, run + 1, in[run], (c1[0] - c0[0]) / 100.0, (c1[1] - c0[1]) / 100.0,
                        out[run], (c3[0] - c2[0]) / 100.0, (c3[1] - c2[1]) / 100.0);
            }
        }
        System.out.printf(Locale.ROOT, "%,d routes: in %.3f s, out %.3f s (median of %d)%n",
                n, median(in), median(out), runs);
    }

    /**
     * This thread's user and system CPU time in clock ticks (USER_HZ, 100 on Linux), from
     * /proc/thread-self/stat: on a shared machine, CPU time says what the work cost where wall
     * time also says who else was running.
     */
    private static long[] threadCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
    }
}
