package io.sluice.trace;

import io.sluice.model.TraceRecord;

/**
 * Where finished traces go besides the node's ring buffers: the live stream. While someone
 * listens, every request's trace is built and offered (subscribers filter); otherwise only the
 * kept ones are built, so an unwatched node pays for a record only on sampled, slow or failed
 * requests.
 */
public interface TraceSink {

    TraceSink NONE = new TraceSink() {
        @Override
        public boolean listening() {
            return false;
        }

        @Override
        public void offer(TraceRecord trace) {
        }
    };

    /** True while at least one subscriber wants traces. Called once per request: must be a field read. */
    boolean listening();

    /** Called on the request's own thread after its response: must not block and must not throw. */
    void offer(TraceRecord trace);
}
