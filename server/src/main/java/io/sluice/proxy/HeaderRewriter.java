package io.sluice.proxy;

import io.sluice.config.HeaderRules;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/** Applies a route's header rules: removals first, then sets (which replace). Pure. */
public final class HeaderRewriter {

    private HeaderRewriter() {
    }

    public static void apply(HeaderRules rules, HttpFields.Mutable headers) {
        if (rules.isEmpty()) {
            return;
        }
        for (String name : rules.remove()) {
            headers.remove(name);
        }
        for (Map.Entry<String, String> e : rules.set().entrySet()) {
            headers.put(e.getKey(), e.getValue());
        }
    }
}
