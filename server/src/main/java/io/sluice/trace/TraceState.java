package io.sluice.trace;

/**
 * The caller's W3C {@code tracestate}: passed to the upstream unchanged (several header lines
 * joined with ',' as the spec allows) when it stays within {@value #MAX_CHARS} characters and
 * {@value #MAX_MEMBERS} list members, else dropped whole. Vendors' entries are opaque here: the
 * node adds none of its own and never reorders.
 */
public final class TraceState {

    static final int MAX_CHARS = 512;
    static final int MAX_MEMBERS = 32;

    private TraceState() {
    }

    /** {@code value} when it may be passed on, else null (absent, blank, too long or too many members). */
    public static String accept(String value) {
        if (value == null || value.length() > MAX_CHARS) {
            return null;
        }
        int members = 0;
        boolean inMember = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',') {
                inMember = false;
            } else if (c != ' ' && c != '\t' && !inMember) {
                inMember = true;
                if (++members > MAX_MEMBERS) {
                    return null;
                }
            }
        }
        return members == 0 ? null : value;
    }
}
