package io.sluice.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection that carries bytes exactly as written, followed by a well-formed canary
 * request, and reads the answers one response at a time (by their framing, not by waiting for
 * silence). How many answers come back shows what the gateway made of the bytes: one answer and a
 * closed connection, or the bad request's answer plus the canary's, and never an answer to a
 * request hidden inside a body.
 */
final class BadInputWire {

    /** Pipelined after every case; it closes the connection, so a kept connection ends promptly. */
    static final String CANARY = "GET /small HTTP/1.1\r\nHost: a\r\nX-Canary: 1\r\nConnection: close\r\n\r\n";

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The answers in order; {@code hung} if the gateway neither answered nor closed within 5 s. */
    record Exchange(List<Response> responses, boolean hung) {
        Response first() {
            return responses.isEmpty() ? null : responses.getFirst();
        }

        @Override
        public String toString() {
            return responses.stream().map(r -> r.status() + " " + r.headers() + " " + r.body()).toList()
                    + (hung ? " (hung)" : "");
        }
    }

    private BadInputWire() {
    }

    static Exchange send(int port, String request) throws IOException {
        return send(port, (request + CANARY).getBytes(StandardCharsets.ISO_8859_1));
    }

    static Exchange send(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (SocketException refusedMidWrite) {
                // the gateway answered and closed before taking everything: read what it said
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Response> responses = new ArrayList<>();
            try {
                Response r;
                while ((r = read(in)) != null) {
                    responses.add(r);
                }
            } catch (SocketTimeoutException silent) {
                return new Exchange(responses, true);
            } catch (SocketException reset) {
                // closed with unread bytes on our side: the answers so far are all there is
            }
            return new Exchange(responses, false);
        }
    }

    /** One response, or null at the end of the stream. */
    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return null;
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                // trailers: not needed here
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if (status >= 200 && status != 204 && status != 304) {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toString(StandardCharsets.ISO_8859_1));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return sb.substring(0, end);
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}
