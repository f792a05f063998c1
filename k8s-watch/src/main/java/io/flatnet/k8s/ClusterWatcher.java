package io.flatnet.k8s;

import io.flatnet.k8s.crd.CustomObject;
import io.flatnet.k8s.crd.CustomObjectList;
import io.flatnet.k8s.crd.FlatnetCrd;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSliceList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster and hands the whole desired state to a {@link SnapshotListener}.
 *
 * <p>Informers (one shared factory) keep caches of Nodes, Services, EndpointSlices and the
 * flatnet CRDs, and {@link SecretWatches} one cache per Secret that a BGP password names (watched
 * by name: the agent may read only those). Their handlers only wake the reconciler; one reconciler
 * thread reads the caches and calls the listener with a new {@link ClusterSnapshot} when it
 * differs from the last one. Nothing is handed over before every informer has synced (a Secret's
 * too), so an agent started while the API server is away keeps what it has. A failed list or
 * watch is retried with backoff and leaves the caches as they were; an expired resource version
 * (410) makes the informer relist, which replaces the cache in one step: no empty snapshot in
 * between.
 *
 * <p>The {@link ApiClient} should have no read timeout (watches are long requests that the API
 * server ends itself).
 */
public final class ClusterWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final Duration UNSYNCED_POLL = Duration.ofMillis(100);

    private final WatchOptions options;
    private final SnapshotListener listener;
    private final SecretWatches secrets;
    private final SharedInformerFactory factory;
    private final SharedIndexInformer<V1Node> nodes;
    private final SharedIndexInformer<V1Service> services;
    private final SharedIndexInformer<V1EndpointSlice> slices;
    private final SharedIndexInformer<CustomObject.BgpConfigurationObject> configurations;
    private final SharedIndexInformer<CustomObject.BgpPeerObject> peers;
    private final SharedIndexInformer<CustomObject.BgpFilterObject> filters;
    private final List<SharedIndexInformer<?>> all;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>(1);
    private final Thread reconciler;
    private volatile boolean closed;
    private volatile ClusterSnapshot last;
    private volatile long snapshotsHandedOver;

    public ClusterWatcher(ApiClient client, WatchOptions options, SnapshotListener listener) {
        this.options = options;
        this.listener = listener;
        this.secrets = new SecretWatches(client, options, this::wake);
        this.factory = new SharedInformerFactory(client);
        long resync = options.resyncPeriod().toMillis();
        nodes = informer(client, V1Node.class, V1NodeList.class, "", "v1", "nodes", resync);
        services = informer(client, V1Service.class, V1ServiceList.class, "", "v1", "services", resync);
        slices = informer(client, V1EndpointSlice.class, V1EndpointSliceList.class, "discovery.k8s.io", "v1",
                "endpointslices", resync);
        configurations = informer(client, CustomObject.BgpConfigurationObject.class,
                CustomObjectList.BgpConfigurationList.class, FlatnetCrd.GROUP, FlatnetCrd.VERSION,
                FlatnetCrd.BGP_CONFIGURATION.plural(), resync);
        peers = informer(client, CustomObject.BgpPeerObject.class, CustomObjectList.BgpPeerList.class,
                FlatnetCrd.GROUP, FlatnetCrd.VERSION, FlatnetCrd.BGP_PEER.plural(), resync);
        filters = informer(client, CustomObject.BgpFilterObject.class, CustomObjectList.BgpFilterList.class,
                FlatnetCrd.GROUP, FlatnetCrd.VERSION, FlatnetCrd.BGP_FILTER.plural(), resync);
        all = List.of(nodes, services, slices, configurations, peers, filters);
        reconciler = Thread.ofPlatform().name("k8s-reconciler").daemon().unstarted(this::reconcileLoop);
    }

    private <T extends KubernetesObject, L extends KubernetesListObject> SharedIndexInformer<T> informer(
            ApiClient client, Class<T> type, Class<L> listType, String group, String version, String plural,
            long resyncMillis) {
        GenericKubernetesApi<T, L> api = new GenericKubernetesApi<>(type, listType, group, version, plural, client);
        BackoffListerWatcher<T, L> lw = new BackoffListerWatcher<>(api,
                new Backoff(options.backoffInitial(), options.backoffMax()));
        SharedIndexInformer<T> informer = factory.sharedIndexInformerFor(lw, type, resyncMillis,
                (t, e) -> log.info("{}: list/watch failed, retrying with backoff: {}", plural, describe(e)));
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                wake();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                wake();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                wake();
            }
        });
        return informer;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public void start() {
        factory.startAllRegisteredInformers();
        reconciler.start();
    }

    /** True once every informer has listed its resource at least once. */
    public boolean synced() {
        return all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The last snapshot handed to the listener, if any. */
    public Optional<ClusterSnapshot> lastSnapshot() {
        return Optional.ofNullable(last);
    }

    /** How many snapshots the listener has received. */
    public long snapshotsHandedOver() {
        return snapshotsHandedOver;
    }

    private void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void reconcileLoop() {
        boolean pending = false; // a snapshot was held back for a Secret not listed yet: look again soon
        while (!closed) {
            try {
                Boolean woken = synced() && !pending ? wakeups.take()
                        : wakeups.poll(UNSYNCED_POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (closed || !synced()) {
                    continue;
                }
                if (woken != null && !options.debounce().isZero()) {
                    Thread.sleep(options.debounce());
                    wakeups.clear();
                }
                Optional<ClusterSnapshot> next = buildSnapshot();
                pending = next.isEmpty();
                if (next.isPresent() && !next.get().equals(last)) {
                    last = next.get();
                    snapshotsHandedOver++;
                    try {
                        listener.onSnapshot(next.get());
                    } catch (RuntimeException e) {
                        log.error("the snapshot listener failed; the next change retries", e);
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("reconcile failed; retrying", e);
            }
        }
    }

    /** Empty while a referenced Secret has not been listed yet (new, or the API server away since). */
    private Optional<ClusterSnapshot> buildSnapshot() {
        List<FlatnetObject> configs = flatnet(configurations, FlatnetCrd.BGP_CONFIGURATION);
        List<FlatnetObject> peerObjects = flatnet(peers, FlatnetCrd.BGP_PEER);
        return secrets.read(Snapshots.referencedSecrets(configs, peerObjects)).map(data -> new ClusterSnapshot(
                map(nodes, Snapshots::node),
                map(services, Snapshots::service),
                map(slices, Snapshots::endpointSlice),
                configs, peerObjects,
                flatnet(filters, FlatnetCrd.BGP_FILTER),
                data));
    }

    private static <T extends KubernetesObject, R> List<R> map(SharedIndexInformer<T> informer, Function<T, R> f) {
        return informer.getIndexer().list().stream().map(f).toList();
    }

    private static <T extends CustomObject> List<FlatnetObject> flatnet(SharedIndexInformer<T> informer,
            FlatnetCrd crd) {
        return informer.getIndexer().list().stream().map(o -> Snapshots.flatnet(crd.kind(), o)).toList();
    }

    /** Stops the informers and the reconciler. Hands nothing over: what was applied stays applied. */
    @Override
    public void close() {
        closed = true;
        reconciler.interrupt();
        factory.stopAllRegisteredInformers();
        secrets.close();
    }
}
