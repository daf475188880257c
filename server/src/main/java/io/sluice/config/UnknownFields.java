package io.sluice.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the first field in a parsed YAML tree that no config record declares, before any record
 * is built. Jackson reports unknown fields of records only after their constructors ran, so a
 * misspelt required field ({@code mach:} for {@code match:}) would otherwise surface as
 * "match is required" instead of naming the typo.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    static void check(JsonNode node, Class<?> type, String path) {
        if (node == null || !node.isObject() || !type.isRecord()) {
            return;
        }
        RecordComponent[] components = type.getRecordComponents();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            RecordComponent component = Arrays.stream(components)
                    .filter(c -> c.getName().equals(field.getKey())).findFirst().orElse(null);
            if (component == null) {
                List<String> known = Arrays.stream(components).map(RecordComponent::getName).sorted().toList();
                throw new ConfigException(fieldPath, "unknown field; known fields here are " + String.join(", ", known));
            }
            checkValue(field.getValue(), component.getGenericType(), fieldPath);
        }
    }

    private static void checkValue(JsonNode value, Type type, String path) {
        if (type instanceof Class<?> c) {
            check(value, c, path);
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class && value.isArray()
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), element, path + "[" + i + "]");
            }
        }
    }
}
