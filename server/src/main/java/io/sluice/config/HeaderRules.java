package io.sluice.config;

import java.util.List;
import java.util.Map;

/** Headers to set (replacing any value) and to remove, applied to a request or a response. */
public record HeaderRules(Map<String, String> set, List<String> remove) {

    public static final HeaderRules NONE = new HeaderRules(null, null);

    public HeaderRules {
        set = Checks.map(set);
        remove = Checks.list(remove);
        for (String name : set.keySet()) {
            checkName("set", name);
        }
        for (String name : remove) {
            checkName("remove", name);
        }
    }

    private static void checkName(String field, String name) {
        if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw ConfigException.invalid(field, name, "a header name (RFC 9110 token characters)");
        }
    }

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }
}
