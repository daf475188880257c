/**
 * Route authentication, the first guard after routing: a route's {@link io.sluice.auth.Authenticator}
 * accepts a caller that proves itself by any one of the route's methods (client certificate, JWT,
 * API key) and turns everything else into 401 or 403 before the request costs an in-flight slot, a
 * rate-limit token or an upstream connection. Authenticators are built once per config snapshot
 * ({@link io.sluice.auth.Authenticators}); only the JWK sets behind them carry state, and they are
 * kept across config swaps.
 */
package io.sluice.auth;
