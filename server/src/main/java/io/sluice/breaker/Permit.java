package io.sluice.breaker;

/**
 * Leave to send one attempt to an upstream. The caller ends it exactly once: with the outcome and
 * how long the attempt took, or with {@link #release()} when there is no outcome to judge the
 * upstream by (the client went away first). Only the first call counts, so a {@code release()} in a
 * finally block after {@code onSuccess}/{@code onFailure} is harmless.
 */
public interface Permit {

    /** A permit that records nothing: for an upstream the breakers do not know (yet). */
    Permit NONE = new Permit() {
        @Override
        public void onSuccess(long durationNanos) {
        }

        @Override
        public void onFailure(long durationNanos) {
        }

        @Override
        public void release() {
        }
    };

    /** The upstream answered with a non-5xx status; slow when {@code durationNanos >= slowCallDuration}. */
    void onSuccess(long durationNanos);

    /** Connect or timeout or protocol error, or a 5xx answer. */
    void onFailure(long durationNanos);

    /** No outcome: gives a half-open probe back without counting it. */
    void release();

    /** Reports an answer by its status: 5xx is a failure, anything else a success. */
    default void onResponse(int status, long durationNanos) {
        if (status >= 500) {
            onFailure(durationNanos);
        } else {
            onSuccess(durationNanos);
        }
    }
}
