package io.sluice.tls;

/** Key material that cannot be used: missing, unreadable, wrong password, no key entry, expired. */
public final class TlsMaterialException extends RuntimeException {

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
