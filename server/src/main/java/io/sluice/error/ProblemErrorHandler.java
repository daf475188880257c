package io.sluice.error;

import io.sluice.model.Problem;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler, replaced so that the requests Jetty rejects itself (bad request line,
 * duplicate Content-Length, header block too large, ...) get the same problem+json body as
 * Sluice's own errors, and never Jetty's HTML page or a stack trace.
 */
public final class ProblemErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attr = request.getAttribute(ERROR_STATUS);
        int status = attr instanceof Integer i ? i : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        Failure failure = Failure.forStatus(status);
        String requestId = request.getHeaders().get(ProblemResponses.REQUEST_ID_HEADER);
        String id = requestId != null && requestId.length() <= 128 ? requestId : null;
        // Statuses outside the failure table (505, 414, ...) use RFC 9457's about:blank with the status phrase.
        Problem problem = failure.status() == status
                ? new Problem(failure.type(), failure.title(), status, detail(status), null, id)
                : new Problem("about:blank", org.eclipse.jetty.http.HttpStatus.getMessage(status), status, detail(status), null, id);
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("response committed before error " + status));
            return true;
        }
        ProblemResponses.write(request, response, callback, problem);
        return true;
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP";
            case 413 -> "the request body is larger than this gateway accepts";
            case 414 -> "the request target is too long";
            case 431 -> "the request headers are larger than this gateway accepts";
            case 505 -> "only HTTP/1.0, HTTP/1.1 and HTTP/2 are served";
            default -> null;
        };
    }
}
