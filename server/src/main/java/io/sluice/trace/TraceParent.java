package io.sluice.trace;

import java.nio.charset.StandardCharsets;

/**
 * A W3C Trace Context {@code traceparent} value ({@code 00-<trace-id>-<parent-id>-<flags>}): the
 * 128-bit trace id as two longs, the caller's 64-bit span id and the trace flags. Parsing follows
 * the spec's rules for receivers: lowercase hex only, exact field lengths and separators, version
 * {@code ff} and all-zero ids invalid; a version above 00 is read as 00 when its first 55
 * characters have that shape and it ends there or continues after a '-'. Anything invalid means
 * "no parent": the node starts a new trace (and drops the caller's {@code tracestate} with it).
 */
public record TraceParent(long traceIdHigh, long traceIdLow, long parentId, int flags) {

    /** Length of a version-00 value. */
    static final int LENGTH = 55;
    /** The flag bits of version 00 (sampled) and of Level 2 (random); a newer version's other bits are dropped. */
    private static final int KNOWN_FLAGS = 0x03;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** The parsed value, or null when {@code value} is absent or not a valid traceparent. */
    public static TraceParent parse(String value) {
        if (value == null || value.length() < LENGTH) {
            return null;
        }
        if (!isHex(value, 0, 2) || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !isHex(value, 3, 35) || !isHex(value, 36, 52) || !isHex(value, 53, 55)) {
            return null;
        }
        boolean v00 = value.charAt(0) == '0' && value.charAt(1) == '0';
        if (v00 ? value.length() != LENGTH
                : value.startsWith("ff") || value.length() > LENGTH && value.charAt(LENGTH) != '-') {
            return null;
        }
        long high = parseHex(value, 3);
        long low = parseHex(value, 19);
        long parent = parseHex(value, 36);
        if ((high == 0 && low == 0) || parent == 0) {
            return null;
        }
        int flags = Character.digit(value.charAt(53), 16) << 4 | Character.digit(value.charAt(54), 16);
        return new TraceParent(high, low, parent, v00 ? flags : flags & KNOWN_FLAGS);
    }

    /** {@code 00-<trace-id>-<span-id>-<flags>}: the value this node sends with its own span id. */
    public static String format(long traceIdHigh, long traceIdLow, long spanId, int flags) {
        byte[] out = new byte[LENGTH];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        putHex(out, 3, traceIdHigh);
        putHex(out, 19, traceIdLow);
        out[35] = '-';
        putHex(out, 36, spanId);
        out[52] = '-';
        out[53] = HEX[(flags >>> 4) & 0xf];
        out[54] = HEX[flags & 0xf];
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** 16 lowercase hex digits. */
    public static String hex(long id) {
        byte[] out = new byte[16];
        putHex(out, 0, id);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** 32 lowercase hex digits of a 128-bit id. */
    public static String hex(long high, long low) {
        byte[] out = new byte[32];
        putHex(out, 0, high);
        putHex(out, 16, low);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void putHex(byte[] out, int at, long v) {
        for (int i = 0; i < 16; i++) {
            out[at + i] = HEX[(int) (v >>> (60 - 4 * i)) & 0xf];
        }
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** 16 hex digits from {@code at}, already checked. */
    private static long parseHex(String s, int at) {
        long v = 0;
        for (int i = at; i < at + 16; i++) {
            v = v << 4 | Character.digit(s.charAt(i), 16);
        }
        return v;
    }
}
