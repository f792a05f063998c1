package io.flatnet.k8s.crd;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;

/** A list of flatnet objects as the API returns it; one subclass per kind for Gson. */
public abstract class CustomObjectList<T extends CustomObject> implements KubernetesListObject {
    private String apiVersion;
    private String kind;
    private V1ListMeta metadata;
    private List<T> items;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    @Override
    public List<T> getItems() {
        return items == null ? List.of() : items;
    }

    public static final class BgpConfigurationList extends CustomObjectList<CustomObject.BgpConfigurationObject> {}

    public static final class BgpPeerList extends CustomObjectList<CustomObject.BgpPeerObject> {}

    public static final class BgpFilterList extends CustomObjectList<CustomObject.BgpFilterObject> {}
}
