package io.sluice.error;

/** A failure with its place in the {@link Failure} table and a detail safe to show a client. */
public final class GatewayException extends RuntimeException {

    private final Failure failure;

    public GatewayException(Failure failure, String detail) {
        this(failure, detail, null);
    }

    public GatewayException(Failure failure, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
