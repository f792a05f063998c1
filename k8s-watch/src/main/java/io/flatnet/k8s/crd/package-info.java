/**
 * Small Gson models of the flatnet custom resources ({@code flatnet.io/v1}) for client-java's
 * generic API and informers: metadata as the API's {@code V1ObjectMeta}, the {@code spec} (or
 * {@code status}) kept as JSON. One class per kind, because the shared informer factory keeps one
 * informer per Java type. These are transport shapes only; the agent's configuration records are
 * the domain model.
 */
package io.flatnet.k8s.crd;
