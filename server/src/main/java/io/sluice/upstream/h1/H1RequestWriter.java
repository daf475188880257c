package io.sluice.upstream.h1;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import io.sluice.upstream.Blocking;

/**
 * Writes an HTTP/1.1 request: the head in one buffer, then the body as it arrives from the client
 * (Content-Length when known, chunked otherwise). Framing headers are always ours, never copied.
 */
final class H1RequestWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final Set<String> BODY_EXPECTED = Set.of("POST", "PUT", "PATCH");

    private H1RequestWriter() {
    }

    static void writeHead(OutputStream out, String method, String pathAndQuery, HttpFields headers,
                          boolean hasBody, long length) throws IOException {
        StringBuilder head = new StringBuilder(256 + headers.size() * 32);
        head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        for (HttpField field : headers) {
            HttpHeader h = field.getHeader();
            if (h == HttpHeader.CONTENT_LENGTH || h == HttpHeader.TRANSFER_ENCODING) {
                continue;
            }
            head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
        }
        if (hasBody) {
            head.append(length >= 0 ? "Content-Length: " + length + "\r\n" : "Transfer-Encoding: chunked\r\n");
        } else if (BODY_EXPECTED.contains(method)) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies the client's body to the upstream, parking on the client side when it has no data yet. */
    static long writeBody(OutputStream out, Content.Source body, boolean chunked) throws IOException {
        long written = 0;
        byte[] copy = new byte[H1Connection.BUFFER];
        while (true) {
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                out.flush(); // let the upstream start while the client is slow
                chunk = Blocking.read(body);
            }
            if (Content.Chunk.isFailure(chunk)) {
                if (chunk.getFailure() instanceof io.sluice.error.GatewayException g) {
                    throw g; // the client's side (413, 408, 400), not the upstream's
                }
                throw new IOException("client body failed", chunk.getFailure());
            }
            try {
                ByteBuffer data = chunk.getByteBuffer();
                int n = data.remaining();
                if (n > 0) {
                    if (chunked) {
                        out.write(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
                        out.write(CRLF);
                    }
                    while (data.hasRemaining()) {
                        int len = Math.min(copy.length, data.remaining());
                        data.get(copy, 0, len);
                        out.write(copy, 0, len);
                    }
                    if (chunked) {
                        out.write(CRLF);
                    }
                    written += n;
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                if (chunked) {
                    out.write(LAST_CHUNK);
                }
                return written;
            }
        }
    }
}
