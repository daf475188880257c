/**
 * Circuit breakers per upstream (or per endpoint), with operator overrides that act cluster-wide.
 *
 * <pre>
 *   request ──► Breakers.acquire(upstream, origin) ──open──► 503 + Retry-After (upstream untouched)
 *                    │ permit
 *                    ▼
 *               upstream attempt ──► permit.onSuccess / onFailure (duration) / release
 *
 *   operator ──► OverrideStore.put ──IMap + entry events──► every node's Breakers ──► Resilience4j state
 *                    └──► each node's data folder (restored and merged on start)
 *   Breakers ──► BreakerStatePublisher ──IMap, one entry per node──► monitor, via any node
 * </pre>
 *
 * <p>Breaker names: the upstream id, or {@code upstreamId@scheme://host:port} for
 * {@code scope: endpoint}. Resilience4j decides every automatic transition; this package adds the
 * overrides, the Retry-After value, a non-consuming check for the balancer, and publication.
 */
package io.sluice.breaker;
