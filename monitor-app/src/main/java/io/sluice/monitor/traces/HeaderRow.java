package io.sluice.monitor.traces;

import io.sluice.model.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One header of the selected request, as the node recorded it (lower-case names, credentials
 * already redacted by the node).
 *
 * @param side {@value #REQUEST} or {@value #RESPONSE}
 */
public record HeaderRow(String side, String name, String value) {

    public static final String REQUEST = "request";
    public static final String RESPONSE = "response";

    /** The request's headers, then the response's, each in the order the node sent them. */
    public static List<HeaderRow> of(TraceRecord trace) {
        List<HeaderRow> rows = new ArrayList<>();
        add(rows, REQUEST, trace.requestHeaders());
        add(rows, RESPONSE, trace.responseHeaders());
        return rows;
    }

    private static void add(List<HeaderRow> rows, String side, Map<String, String> headers) {
        if (headers != null) {
            headers.forEach((name, value) -> rows.add(new HeaderRow(side, name, value)));
        }
    }
}
