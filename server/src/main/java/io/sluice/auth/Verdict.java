package io.sluice.auth;

/**
 * What one authentication method concluded about a request. The reasons are for the server log
 * only; the client learns no more than 401 or 403.
 */
sealed interface Verdict {

    /** The request carries no credential of this kind. */
    Verdict ABSENT = new Absent();

    record Absent() implements Verdict {
    }

    /** Authenticated and allowed on the route. */
    record Allowed(Identity identity) implements Verdict {
    }

    /** A credential was offered but proves nothing (bad signature, expired, unknown key...): 401. */
    record Rejected(String reason) implements Verdict {
    }

    /** Authenticated, but this caller may not use the route: 403. */
    record Denied(Identity identity, String reason) implements Verdict {
    }
}
