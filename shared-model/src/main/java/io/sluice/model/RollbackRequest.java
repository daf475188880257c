package io.sluice.model;

/** Body of {@code POST /admin/v1/config/rollback}: the version whose text becomes the next version. */
public record RollbackRequest(Long version, String comment) {
}
