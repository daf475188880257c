package io.sluice.model;

import java.util.List;

/**
 * {@code GET /admin/v1/breakers}: every breaker on every live node (this node's own rows are
 * current, the others' are what they published at most a couple of seconds ago), and the last
 * operator action per breaker.
 */
public record BreakersView(List<BreakerInfo> breakers, List<BreakerOverrideInfo> overrides) {
}
