package io.sluice.auth;

/** One authentication method of a route. Implementations are immutable apart from key caches, and thread-safe. */
interface CredentialCheck {

    Verdict check(Credentials credentials);
}
