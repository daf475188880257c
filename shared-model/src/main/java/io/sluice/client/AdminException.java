package io.sluice.client;

import io.sluice.model.Problem;

/**
 * A node answered an admin call with something other than 2xx. It carries the HTTP status and the
 * node's problem details (RFC 9457: title, detail, type); when the body was not a problem (a proxy
 * in between, an old node) the problem is made up from the status and the start of the body.
 */
public final class AdminException extends RuntimeException {

    private final int status;
    private final transient Problem problem;

    public AdminException(int status, Problem problem) {
        super(status + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }

    /** The problem's short, human-readable summary (403 → "Forbidden"). */
    public String title() {
        return problem.title();
    }

    /** The node's explanation of this occurrence, or null. */
    public String detail() {
        return problem.detail();
    }
}
