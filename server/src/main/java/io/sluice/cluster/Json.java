package io.sluice.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON for values kept in Hazelcast maps and the data folder (config versions, node status,
 * breaker overrides and states); instants are ISO-8601 strings. Shared state is stored as JSON text,
 * not Java-serialised objects: readable on disk, independent of class versions across a rolling
 * upgrade, and bytes that can be signed by the writer (a later change verifies them).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String write(Object value) {
        return write(MAPPER.writer(), value);
    }

    /** Indented, for files an operator may read. */
    public static String writePretty(Object value) {
        return write(MAPPER.writerWithDefaultPrettyPrinter(), value);
    }

    private static String write(com.fasterxml.jackson.databind.ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
