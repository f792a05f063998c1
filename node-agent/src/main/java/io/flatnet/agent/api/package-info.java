/**
 * The agent's management API: HTTP/1.1 on netty's codec-http, JSON through Jackson, on a Unix
 * domain socket ({@code /run/flatnet/flatnet.sock} by default), with {@code /metrics} and the
 * health endpoints also on TCP (127.0.0.1:9179 by default). Version 1 of the wire format
 * lives under {@code /v1/} ({@link io.flatnet.agent.api.V1} holds every document it returns);
 * fields are only ever added to it, never renamed or removed. Beside it, unversioned because their
 * formats belong to their consumers: {@code /metrics} (Prometheus text or OpenMetrics, collected
 * from the speaker at scrape time), {@code /healthz} (liveness) and {@code /readyz} (readiness,
 * see {@link io.flatnet.agent.api.Readiness}).
 *
 * <p>The API reads the agent through {@link io.flatnet.agent.api.AgentState} and acts through
 * {@link io.flatnet.agent.api.AgentControl}, the seams between it and the speaker, the RIB and
 * the configuration. The netty event loop only parses and writes: every request is handled on a
 * small bounded worker pool, because reading the speaker waits for its event loops.
 */
package io.flatnet.agent.api;
