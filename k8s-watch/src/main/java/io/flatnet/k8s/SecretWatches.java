package io.flatnet.k8s;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per Secret that a BGP password names, each listing and watching only
 * {@code metadata.name=NAME} in the agent's namespace: the one form of list and watch that RBAC
 * can grant by {@code resourceNames}, so the agent never needs to read every Secret. Informers
 * start when a name becomes referenced and stop when it no longer is. A Secret the API server
 * refuses to list (403: RBAC does not name it) counts as absent, so the configuration that needs
 * it is refused with the Secret named, instead of every later change waiting for it. Called from
 * the reconciler thread; {@link #close()} from any.
 */
final class SecretWatches implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SecretWatches.class);

    private final GenericKubernetesApi<V1Secret, V1SecretList> api;
    private final WatchOptions options;
    private final Runnable onChange;
    private final Map<String, SharedIndexInformer<V1Secret>> informers = new ConcurrentHashMap<>();
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final ExecutorService runner = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("k8s-secret-informer-", 0).daemon().factory());

    private volatile boolean closed;

    SecretWatches(ApiClient client, WatchOptions options, Runnable onChange) {
        this.api = new GenericKubernetesApi<>(V1Secret.class, V1SecretList.class, "", "v1", "secrets", client);
        this.options = options;
        this.onChange = onChange;
    }

    /**
     * The referenced Secrets' data, by name, once every one of them has been listed; empty while
     * one has not (a new name, or the API server away since it was named). A referenced Secret
     * that does not exist is absent from the map.
     */
    Optional<Map<String, SecretData>> read(Set<String> names) {
        for (String name : informers.keySet().stream().filter(n -> !names.contains(n)).toList()) {
            stop(name);
            log.info("Secret {}/{} is no longer named by a BGP password; stopped watching it", options.namespace(),
                    name);
        }
        reportedMissing.retainAll(names);
        Map<String, SecretData> result = new TreeMap<>();
        boolean synced = true;
        for (String name : names) {
            if (closed) {
                return Optional.empty();
            }
            SharedIndexInformer<V1Secret> informer = informers.computeIfAbsent(name, this::start);
            if (!informer.hasSynced()) {
                if (forbidden.contains(name)) {
                    continue; // absent: the configuration naming it is refused with the reason
                }
                synced = false;
                continue;
            }
            forbidden.remove(name);
            V1Secret secret = informer.getIndexer().getByKey(options.namespace() + "/" + name);
            if (secret == null) {
                if (reportedMissing.add(name)) {
                    log.warn("Secret {}/{} named by a BGP password does not exist", options.namespace(), name);
                }
                continue;
            }
            reportedMissing.remove(name);
            Map<String, String> data = new TreeMap<>();
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
            }
            result.put(name, new SecretData(data));
        }
        return synced ? Optional.of(result) : Optional.empty();
    }

    /** True when every watched Secret has been listed. */
    boolean synced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private SharedIndexInformer<V1Secret> start(String name) {
        BackoffListerWatcher<V1Secret, V1SecretList> lw = new BackoffListerWatcher<>(api,
                new Backoff(options.backoffInitial(), options.backoffMax()), options.namespace(),
                "metadata.name=" + name);
        SharedIndexInformer<V1Secret> informer = new DefaultSharedIndexInformer<>(V1Secret.class, lw,
                options.resyncPeriod().toMillis(), new io.kubernetes.client.informer.cache.Cache<>(),
                (t, e) -> failed(name, e));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Secret obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(V1Secret oldObj, V1Secret newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(V1Secret obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        });
        runner.execute(informer::run);
        log.info("watching Secret {}/{}", options.namespace(), name);
        return informer;
    }

    private void failed(String name, Throwable e) {
        if (statusCode(e) == 403) {
            if (forbidden.add(name)) {
                log.warn("Secret {}/{} may not be listed (403): add it to the resourceNames of the agent's Role;"
                        + " retrying with backoff", options.namespace(), name);
                onChange.run();
            }
            return;
        }
        log.info("Secret {}/{}: list/watch failed, retrying with backoff: {}", options.namespace(), name,
                ClusterWatcher.describe(e));
    }

    private static int statusCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.kubernetes.client.openapi.ApiException api) {
                return api.getCode();
            }
        }
        return 0;
    }

    private void stop(String name) {
        SharedIndexInformer<V1Secret> informer = informers.remove(name);
        if (informer != null) {
            informer.stop();
        }
        forbidden.remove(name);
    }

    @Override
    public void close() {
        closed = true;
        informers.keySet().stream().toList().forEach(this::stop);
        runner.shutdownNow();
    }
}
