/**
 * Live traces: every member's stream of request traces in one filterable list, and the spans,
 * headers and timings of the request the operator picks.
 *
 * <p>Traces arrive on I/O threads at whatever rate the cluster serves (thousands a second). They
 * are only queued there ({@link io.sluice.monitor.traces.TraceIntake}); the UI thread takes them
 * a few times a second in {@link io.sluice.monitor.traces.TracesViewModel#drain()} and changes the
 * table's list once per drain, so the UI thread's work depends on the drain rate and the table's
 * size, not on the traffic.
 */
package io.sluice.monitor.traces;
