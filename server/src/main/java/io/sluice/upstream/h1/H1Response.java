package io.sluice.upstream.h1;

import io.sluice.upstream.UpstreamResponse;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * An HTTP/1.1 response read straight from the connection's buffer by the request's thread: the
 * head is parsed once, the body is handed out as slices of the read buffer (no copy) framed by
 * Content-Length, chunked encoding (with trailers) or connection close (RFC 9112 section 6).
 */
final class H1Response implements UpstreamResponse {

    private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private enum ChunkState { SIZE, DATA, DATA_END, TRAILERS, DONE }

    private final H1Connection c;
    private final H1Transport.Exchange owner;
    private final int status;
    private final HttpFields.Mutable headers;
    private final Framing framing;
    private final boolean keepAlive;
    private long remaining;
    private ChunkState chunkState = ChunkState.SIZE;
    private HttpFields.Mutable trailers;
    private boolean finished;
    private boolean released;

    private H1Response(H1Connection c, H1Transport.Exchange owner, int status, HttpFields.Mutable headers,
                       Framing framing, long length, boolean keepAlive) {
        this.c = c;
        this.owner = owner;
        this.status = status;
        this.headers = headers;
        this.framing = framing;
        this.remaining = length;
        this.keepAlive = keepAlive;
        this.finished = framing == Framing.NONE || (framing == Framing.LENGTH && length == 0);
    }

    /** Reads the response head, skipping interim 1xx responses. */
    static H1Response readHead(H1Connection c, H1Transport.Exchange owner, String method) throws IOException {
        while (true) {
            int end = headEnd(c);
            while (end < 0) {
                if (c.fill(owner.headTimeoutMillis()) < 0) {
                    throw new EOFException("upstream closed the connection before a response");
                }
                end = headEnd(c);
            }
            int lineEnd = lineEnd(c.buf, c.pos, end);
            String statusLine = new String(c.buf, c.pos, lineEnd - c.pos, StandardCharsets.ISO_8859_1);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("upstream sent an invalid status line");
            }
            int status = parseStatus(statusLine);
            HttpFields.Mutable headers = HttpFields.build(16);
            int at = next(c.buf, lineEnd, end);
            while (at < end) {
                int eol = lineEnd(c.buf, at, end);
                if (eol > at) {
                    headers.add(field(c.buf, at, eol));
                }
                at = next(c.buf, eol, end);
            }
            c.pos = end;
            if (status >= 100 && status < 200) {
                continue; // 100 Continue, 103 Early Hints: interim, the final response follows
            }
            boolean http10 = statusLine.charAt(7) == '0';
            List<String> connectionValues = headers.getValuesList(HttpHeader.CONNECTION);
            String connection = connectionValues.isEmpty() ? null : String.join(",", connectionValues).toLowerCase(Locale.ROOT);
            boolean keepAlive = connection == null ? !http10
                    : !connection.contains("close") && (!http10 || connection.contains("keep-alive"));
            c.upstreamKeepAliveNanos = keepAliveTimeout(headers.get(HttpHeader.KEEP_ALIVE));
            if ("HEAD".equals(method) || status == 204 || status == 304) {
                return new H1Response(c, owner, status, headers, Framing.NONE, 0, keepAlive);
            }
            List<String> teValues = headers.getValuesList(HttpHeader.TRANSFER_ENCODING);
            String te = teValues.isEmpty() ? null : String.join(",", teValues);
            if (te != null) {
                // RFC 9112 6.3: Transfer-Encoding overrides Content-Length, which must not be passed on.
                headers.remove(HttpHeader.CONTENT_LENGTH);
                if (!te.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
                    return new H1Response(c, owner, status, headers, Framing.UNTIL_CLOSE, -1, false);
                }
                return new H1Response(c, owner, status, headers, Framing.CHUNKED, -1, keepAlive);
            }
            long length = contentLength(headers);
            return length >= 0
                    ? new H1Response(c, owner, status, headers, Framing.LENGTH, length, keepAlive)
                    : new H1Response(c, owner, status, headers, Framing.UNTIL_CLOSE, -1, false);
        }
    }

    /** {@code Keep-Alive: timeout=N} in nanoseconds, or -1. */
    private static long keepAliveTimeout(String keepAlive) {
        if (keepAlive == null) {
            return -1;
        }
        for (String part : keepAlive.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "timeout=", 0, 8)) {
                try {
                    return Math.max(0, Long.parseLong(p.substring(8).trim())) * 1_000_000_000L;
                } catch (NumberFormatException ignored) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Index of the CR (or bare LF) ending the line that starts at {@code from}. */
    private static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i > from && b[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return end;
    }

    /** Index of the first byte after the line terminator at {@code eol}. */
    private static int next(byte[] b, int eol, int end) {
        int i = eol;
        if (i < end && b[i] == '\r') {
            i++;
        }
        return i < end && b[i] == '\n' ? i + 1 : i;
    }

    /** One header line, with the name resolved against Jetty's table of known headers (no regex, one String per part). */
    private static HttpField field(byte[] b, int from, int to) throws IOException {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= from || b[from] == ' ' || b[from] == '\t' || b[colon - 1] == ' ' || b[colon - 1] == '\t') {
            throw new IOException("upstream sent an invalid header line");
        }
        int vs = colon + 1;
        while (vs < to && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        int ve = to;
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        String name = new String(b, from, colon - from, StandardCharsets.ISO_8859_1);
        String value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
        HttpHeader known = HttpHeader.CACHE.get(name);
        return known == null ? new HttpField(name, value) : new HttpField(known, name, value);
    }

    private static int parseStatus(String statusLine) throws IOException {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char d = statusLine.charAt(i);
            if (d < '0' || d > '9') {
                throw new IOException("upstream sent an invalid status code");
            }
            status = status * 10 + (d - '0');
        }
        if (status < 100 || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new IOException("upstream sent an invalid status code");
        }
        return status;
    }

    private static long contentLength(HttpFields headers) throws IOException {
        long length = -1;
        for (var field : headers) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                long v;
                try {
                    v = Long.parseLong(field.getValue().trim());
                } catch (NumberFormatException e) {
                    throw new IOException("upstream sent an invalid Content-Length");
                }
                if (v < 0 || (length >= 0 && v != length)) {
                    throw new IOException("upstream sent conflicting Content-Length values");
                }
                length = v;
            }
        }
        return length;
    }

    /** Index just past the blank line ending the head, or -1 if not buffered yet. */
    private static int headEnd(H1Connection c) {
        byte[] b = c.buf;
        for (int i = c.pos; i < c.lim; i++) {
            if (b[i] == '\n') {
                if (i + 1 < c.lim && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < c.lim && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpFields headers() {
        return headers;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public HttpFields trailers() {
        return trailers;
    }

    @Override
    public ByteBuffer read() throws IOException {
        if (finished) {
            return null;
        }
        return switch (framing) {
            case LENGTH -> readLength();
            case CHUNKED -> readChunked();
            case UNTIL_CLOSE -> readUntilClose();
            case NONE -> null;
        };
    }

    private ByteBuffer readLength() throws IOException {
        if (!c.hasBufferedBytes() && fill() < 0) {
            throw new EOFException("upstream closed the connection " + remaining + " bytes before the end of the body");
        }
        int n = (int) Math.min(c.lim - c.pos, remaining);
        ByteBuffer slice = ByteBuffer.wrap(c.buf, c.pos, n);
        c.pos += n;
        remaining -= n;
        finished = remaining == 0;
        return slice;
    }

    private ByteBuffer readUntilClose() throws IOException {
        if (!c.hasBufferedBytes() && fill() < 0) {
            finished = true;
            return null;
        }
        ByteBuffer slice = ByteBuffer.wrap(c.buf, c.pos, c.lim - c.pos);
        c.pos = c.lim;
        return slice;
    }

    private ByteBuffer readChunked() throws IOException {
        while (true) {
            switch (chunkState) {
                case SIZE -> {
                    String line = line();
                    int semi = line.indexOf(';');
                    String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
                    try {
                        remaining = Long.parseLong(hex, 16);
                    } catch (NumberFormatException e) {
                        throw new IOException("upstream sent an invalid chunk size");
                    }
                    if (remaining < 0) {
                        throw new IOException("upstream sent an invalid chunk size");
                    }
                    chunkState = remaining == 0 ? ChunkState.TRAILERS : ChunkState.DATA;
                }
                case DATA -> {
                    if (!c.hasBufferedBytes() && fill() < 0) {
                        throw new EOFException("upstream closed the connection inside a chunk");
                    }
                    int n = (int) Math.min(c.lim - c.pos, remaining);
                    ByteBuffer slice = ByteBuffer.wrap(c.buf, c.pos, n);
                    c.pos += n;
                    remaining -= n;
                    if (remaining == 0) {
                        chunkState = ChunkState.DATA_END;
                    }
                    return slice;
                }
                case DATA_END -> {
                    if (!line().isEmpty()) {
                        throw new IOException("upstream chunk is longer than its size");
                    }
                    chunkState = ChunkState.SIZE;
                }
                case TRAILERS -> {
                    String line = line();
                    if (line.isEmpty()) {
                        chunkState = ChunkState.DONE;
                        finished = true;
                        return null;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        if (trailers == null) {
                            trailers = HttpFields.build();
                        }
                        trailers.add(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    /** The next CRLF- (or LF-) terminated line, without its terminator. */
    private String line() throws IOException {
        while (true) {
            for (int i = c.pos; i < c.lim; i++) {
                if (c.buf[i] == '\n') {
                    int end = i > c.pos && c.buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(c.buf, c.pos, end - c.pos, StandardCharsets.ISO_8859_1);
                    c.pos = i + 1;
                    return line;
                }
            }
            if (fill() < 0) {
                throw new EOFException("upstream closed the connection inside chunk framing");
            }
        }
    }

    private int fill() throws IOException {
        int timeout = owner.bodyReadTimeoutMillis();
        if (timeout <= 0) {
            throw new SocketTimeoutException("the whole-request timeout passed");
        }
        return c.fill(timeout);
    }

    @Override
    public void discard(Throwable why) {
        if (!released) {
            released = true;
            owner.finish(c, false);
        }
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            owner.finish(c, finished && keepAlive && !c.hasBufferedBytes());
        }
    }
}
