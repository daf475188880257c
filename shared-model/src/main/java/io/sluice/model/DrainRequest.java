package io.sluice.model;

/** Body of {@code POST /admin/v1/node/drain}: why (logged with the actor). */
public record DrainRequest(String reason) {
}
