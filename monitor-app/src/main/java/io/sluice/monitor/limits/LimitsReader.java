package io.sluice.monitor.limits;

import io.sluice.model.LimiterUsage;
import java.util.List;

/**
 * Reads one node's rate-limit usage. Usage is counted by each node for the traffic it served, so
 * it is asked of every member in turn, never of "any" node. The app implements it as
 * {@code nodeId -> session.client(nodeId).limits()}.
 */
@FunctionalInterface
public interface LimitsReader {

    /** The node's policies with their counters since each was configured; throws what the client threw. */
    List<LimiterUsage> limits(String nodeId);
}
