package io.sluice.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes exactly as written (no client library to fix them up) and reads what comes back. */
final class RawHttp {

    private RawHttp() {
    }

    /** Writes {@code request} and reads until the server closes or 3 s of silence. */
    static String exchange(int port, String request) throws Exception {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String exchange(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException stop) {
                // what arrived so far is the answer
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int status(String response) {
        if (!response.startsWith("HTTP/1.1 ")) {
            return -1;
        }
        return Integer.parseInt(response.substring(9, 12));
    }
}
