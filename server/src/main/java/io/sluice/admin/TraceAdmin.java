package io.sluice.admin;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.TraceRecord;
import io.sluice.trace.TraceFilter;
import io.sluice.trace.TraceList;
import io.sluice.trace.Tracer;
import java.util.List;

/**
 * This node's kept traces: {@code GET /admin/v1/traces?list=recent|slowest|failed&route=R&status=5xx,429&minMillis=N&limit=N}
 * answers a JSON array of {@link TraceRecord}, newest first (slowest first for {@code slowest}).
 * Every parameter is optional: {@code list} defaults to recent, {@code limit} to {@value #DEFAULT_LIMIT}.
 */
public final class TraceAdmin {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 100_000;

    private final Tracer tracer;

    public TraceAdmin(Tracer tracer) {
        this.tracer = tracer;
    }

    public void register(AdminHandler h) {
        h.on("GET", "/traces", (x, m) -> x.json(200, traces(x.query("list"), x.query("route"), x.query("status"),
                x.query("minMillis"), x.query("limit"))));
    }

    List<TraceRecord> traces(String list, String route, String status, String minMillis, String limit) {
        try {
            TraceList which = TraceList.parse(list);
            TraceFilter filter = TraceFilter.of(route, status, number("minMillis", minMillis, 0, Long.MAX_VALUE / 1000));
            Long most = number("limit", limit, 1, MAX_LIMIT);
            return tracer.traces(which, filter, most == null ? DEFAULT_LIMIT : most.intValue());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, e.getMessage());
        }
    }

    /** A whole number between {@code min} and {@code max}, or null when absent. */
    private static Long number(String name, String value, long min, long max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number; got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + "; got " + n);
        }
        return n;
    }
}
