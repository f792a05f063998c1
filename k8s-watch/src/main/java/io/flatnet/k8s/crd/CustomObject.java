package io.flatnet.k8s.crd;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** A cluster-scoped flatnet object: {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}. */
public abstract class CustomObject implements KubernetesObject {
    private String apiVersion;
    private String kind;
    private V1ObjectMeta metadata;
    private JsonObject spec;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
    }

    /** The spec as the API sent it; an empty object when it had none. */
    public JsonObject getSpec() {
        return spec == null ? new JsonObject() : spec;
    }

    public static final class BgpConfigurationObject extends CustomObject {}

    public static final class BgpPeerObject extends CustomObject {}

    public static final class BgpFilterObject extends CustomObject {}
}
