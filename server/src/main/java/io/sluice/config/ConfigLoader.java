package io.sluice.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads a YAML config into a validated {@link GatewayConfig}, turning every failure into a
 * {@link ConfigException} that names the field path, the bad value and what is allowed. Unknown
 * fields are errors: a typo must not silently fall back to a default.
 */
public final class ConfigLoader {

    private final ObjectMapper yaml;

    public ConfigLoader() {
        SimpleModule durations = new SimpleModule("sluice-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                try {
                    return DurationParser.parse(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("", e.getMessage());
                }
            }
        });
        durations.addSerializer(Duration.class, new com.fasterxml.jackson.databind.JsonSerializer<>() {
            @Override
            public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen,
                                  com.fasterxml.jackson.databind.SerializerProvider serializers) throws IOException {
                gen.writeString(DurationParser.format(value));
            }
        });
        this.yaml = new ObjectMapper(new YAMLFactory())
                .registerModule(durations)
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public GatewayConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public GatewayConfig parse(String text) {
        return parse(text, GatewayConfig.class);
    }

    /** Parses a shared document (upstreams, routes, rateLimits): what the admin API and the cluster store accept. */
    public SharedConfig parseShared(String text) {
        return parse(text, SharedConfig.class);
    }

    /**
     * The shared part of a node file as YAML text: the top-level {@code upstreams}, {@code routes}
     * and {@code rateLimits} blocks cut out line by line, so the operator's text (comments, quoting)
     * is kept as written. If the cut text does not parse to the same config (flow-style YAML at the
     * top level, say), the parsed value is written out instead.
     */
    public String extractShared(String fileText) {
        GatewayConfig full = parse(fileText);
        StringBuilder out = new StringBuilder();
        boolean keep = false;
        for (String line : fileText.split("\\R", -1)) {
            boolean topLevel = !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#");
            if (topLevel) {
                String key = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
                keep = SharedConfig.FIELDS.contains(key);
            }
            if (keep) {
                out.append(line).append('\n');
            }
        }
        String cut = out.toString();
        try {
            if (!cut.isBlank() && parseShared(cut).equals(full.shared())) {
                return cut;
            }
        } catch (ConfigException e) {
            // fall through to the written-out form
        }
        return writeShared(full.shared());
    }

    /** A shared config written out as YAML (with every default spelled out); parses back to an equal value. */
    public String writeShared(SharedConfig shared) {
        try {
            // record components only: helpers such as HeaderRules.isEmpty() are not fields
            return yaml.copy().configure(com.fasterxml.jackson.databind.MapperFeature.AUTO_DETECT_IS_GETTERS, false)
                    .writeValueAsString(shared);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the shared config", e);
        }
    }

    private <T> T parse(String text, Class<T> type) {
        try {
            JsonNode tree = yaml.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException("", "the config is empty");
            }
            UnknownFields.check(tree, type, "");
            // Bind from the text, not the tree: the tree has already turned YAML 1.1 words such as
            // 'yes' into booleans, and a header value 'yes' must stay the string "yes".
            T config = yaml.readValue(text, type);
            if (config == null) {
                throw new ConfigException("", "the config is empty");
            }
            return config;
        } catch (ConfigException e) {
            throw e;
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "not valid YAML" + where(e) + ": " + e.getOriginalMessage());
        }
    }

    /** Where the YAML parser saw the problem (not where it stopped reading). */
    private static String where(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            return " at line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1);
        }
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static ConfigException translate(JsonMappingException e) {
        String path = path(e.getPath());
        Throwable cause = e.getCause();
        if (cause instanceof ConfigException ce) {
            return ce.under(path);
        }
        if (e instanceof ValueInstantiationException && cause != null) {
            return new ConfigException(path, cause.getMessage());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new ConfigException(path, "unknown field; known fields here are "
                    + String.join(", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()));
        }
        if (e instanceof InvalidFormatException f) {
            return ConfigException.invalid(path, f.getValue(), "expected " + simpleType(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(path, "expected " + simpleType(m.getTargetType()));
        }
        return new ConfigException(path, e.getOriginalMessage());
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "a mapping of fields";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
