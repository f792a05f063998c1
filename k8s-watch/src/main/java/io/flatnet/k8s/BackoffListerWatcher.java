package io.flatnet.k8s;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.options.ListOptions;

/**
 * The list and watch calls of one resource (optionally one namespace and a field selector, such
 * as {@code metadata.name=NAME} for one named object), with {@link Backoff} between failed attempts: the
 * reflector retries a failed list or watch at once otherwise, which hammers an API server that is
 * coming back. A failed call leaves the informer's cache as it was, so nothing is withdrawn while
 * the API server is away.
 */
final class BackoffListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
        implements ListerWatcher<T, L> {
    private final GenericKubernetesApi<T, L> api;
    private final Backoff backoff;
    private final String namespace;
    private final String fieldSelector;

    /** Every object of the resource, cluster wide. */
    BackoffListerWatcher(GenericKubernetesApi<T, L> api, Backoff backoff) {
        this(api, backoff, null, null);
    }

    /** The objects of {@code namespace} that match {@code fieldSelector}. */
    BackoffListerWatcher(GenericKubernetesApi<T, L> api, Backoff backoff, String namespace, String fieldSelector) {
        this.api = api;
        this.backoff = backoff;
        this.namespace = namespace;
        this.fieldSelector = fieldSelector;
    }

    @Override
    public L list(CallGeneratorParams params) throws ApiException {
        awaitTurn();
        try {
            L result = (namespace == null ? api.list(options(params)) : api.list(namespace, options(params)))
                    .throwsApiException().getObject();
            backoff.succeeded();
            return result;
        } catch (ApiException | RuntimeException e) {
            backoff.failed();
            throw e;
        }
    }

    @Override
    public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        awaitTurn();
        try {
            Watchable<T> result = namespace == null ? api.watch(options(params)) : api.watch(namespace, options(params));
            backoff.succeeded();
            return result;
        } catch (ApiException | RuntimeException e) {
            backoff.failed();
            throw e;
        }
    }

    private void awaitTurn() throws ApiException {
        try {
            backoff.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while backing off");
        }
    }

    private ListOptions options(CallGeneratorParams params) {
        ListOptions o = new ListOptions();
        if (fieldSelector != null) {
            o.setFieldSelector(fieldSelector);
        }
        o.setResourceVersion(params.resourceVersion);
        o.setTimeoutSeconds(params.timeoutSeconds);
        return o;
    }
}
