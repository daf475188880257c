package io.sluice.health;

/**
 * One check of one endpoint: sends the request and answers the response status; throws when no
 * response arrived. The {@link HealthChecker} bounds how long it may take and judges the status.
 */
@FunctionalInterface
public interface Probe {

    int status() throws Exception;
}
