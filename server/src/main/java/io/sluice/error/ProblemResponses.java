package io.sluice.error;

import io.sluice.model.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes RFC 9457 problem responses. Never includes stack traces or exception messages from
 * libraries: only the detail text the caller chose for the client.
 */
public final class ProblemResponses {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ProblemResponses() {
    }

    public static Problem problem(Failure failure, String detail, String path, String requestId) {
        return new Problem(failure.type(), failure.title(), failure.status(), detail, path, requestId);
    }

    /** Writes the problem and completes {@code callback}; the response must not be committed. */
    public static void write(Request request, Response response, Callback callback, Problem problem) {
        write(request, response, callback, problem, java.util.List.of());
    }

    /** As {@link #write(Request, Response, Callback, Problem)}, with extra headers that win over defaults. */
    public static void write(Request request, Response response, Callback callback, Problem problem,
                             java.util.List<org.eclipse.jetty.http.HttpField> extra) {
        response.reset();
        response.setStatus(problem.status());
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (problem.requestId() != null) {
            headers.put(REQUEST_ID_HEADER, problem.requestId());
        }
        if (problem.status() == 503) {
            headers.put(HttpHeader.RETRY_AFTER, "1");
        }
        for (var field : extra) {
            headers.put(field);
        }
        byte[] body = problem.toJson().getBytes(StandardCharsets.UTF_8);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
