/**
 * The node's live stream ({@code GET /admin/v1/events}, server-sent events): traces, breaker
 * transitions, config changes, endpoint health changes and a metrics snapshot every second.
 *
 * <pre>
 *   request thread ──TraceSink.offer──┐
 *   breaker / health listeners ───────┼──► EventHub.publish ──filter──► Subscription (bounded queue)
 *   config sync thread ───────────────┤        never blocks:              │ full: drop and count
 *   sluice-events ticker (1 s) ───────┘        one CAS per subscriber     ▼
 *                                                        admin request's virtual thread
 *                                                        (EventsAdmin) writes id/event/data
 * </pre>
 *
 * <p>Publishing costs a volatile read when nobody listens and builds no event record; JSON is
 * written once per event, by the first stream that sends it, off the request path. A subscriber
 * that reads too slowly loses events, never slows anyone else, and is told how many it lost.
 */
package io.sluice.events;
