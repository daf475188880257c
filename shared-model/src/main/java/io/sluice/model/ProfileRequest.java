package io.sluice.model;

/** Body of {@code POST /admin/v1/profiles}: {@code cpu}, {@code alloc} or {@code wall}, for 1 to 300 seconds. */
public record ProfileRequest(String kind, Integer seconds) {
}
