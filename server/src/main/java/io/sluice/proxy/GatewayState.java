package io.sluice.proxy;

import io.sluice.config.GatewayConfig;
import io.sluice.route.RouteTable;
import io.sluice.upstream.Upstream;
import java.util.Map;

/**
 * Everything a request needs from the configuration, as one immutable snapshot. A request reads
 * the snapshot once and uses it to the end, so a config swap never changes a request midway.
 */
public record GatewayState(GatewayConfig config, RouteTable routes, Map<String, Upstream> upstreams) {
}
