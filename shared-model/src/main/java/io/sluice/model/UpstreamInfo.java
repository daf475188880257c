package io.sluice.model;

import java.util.List;

/** An upstream as this node sees it: protocol, breaker scope, and every endpoint with its health. */
public record UpstreamInfo(String id, String protocol, String breakerScope, List<EndpointInfo> endpoints) {
}
