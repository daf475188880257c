/**
 * Which endpoints of an upstream may take traffic. Two independent signals, both lock-free to read
 * on the request path:
 * <ul>
 *   <li>active checks ({@link io.sluice.health.HealthChecker}): a GET of a configured path every
 *       interval; thresholds in a row flip an endpoint unhealthy and back;</li>
 *   <li>passive outlier ejection ({@link io.sluice.health.UpstreamHealth}): real requests that fail
 *       in a row take an endpoint out for a time that grows when it keeps failing.</li>
 * </ul>
 * An endpoint is available when both agree. Every change is published as a
 * {@link io.sluice.health.HealthEvent}.
 */
package io.sluice.health;
