package io.sluice.route;

import java.util.Map;

/** The route a request took and the template params captured from its path. */
public record RouteMatch(Route route, Map<String, String> params) {
}
