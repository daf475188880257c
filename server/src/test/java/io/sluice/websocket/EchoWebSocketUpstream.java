package io.sluice.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.Handshaker;

/**
 * A real WebSocket upstream on 127.0.0.1 (Jetty websocket-core): echoes data frames as received,
 * answers PING with PONG, accepts the first offered subprotocol, and obeys a few text commands —
 * {@code whoami} (answers path, query and the forwarded headers it saw), {@code close:CODE:REASON}
 * (closes from the upstream side), {@code abort} (drops the TCP connection). Plain HTTP requests
 * get {@code 200 plain}; {@code /refuse} answers 403 to everything. Close statuses it receives are recorded for the test.
 */
final class EchoWebSocketUpstream extends Handler.Abstract {

    final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();
    private final Handshaker handshaker = Handshaker.newInstance();
    private final WebSocketComponents components = new WebSocketComponents();
    private final Server server = new Server();

    EchoWebSocketUpstream() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.addBean(components);
        server.setHandler(this);
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getHttpURI().getPath().equals("/refuse")) {
            org.eclipse.jetty.server.Response.writeError(request, response, callback, 403);
            return true;
        }
        String whoami = request.getHttpURI().getPathQuery() + "\n" + describe(request);
        boolean upgraded = handshaker.upgradeRequest((req, res, cb) -> {
            if (!req.getSubProtocols().isEmpty()) {
                res.setAcceptedSubProtocol(req.getSubProtocols().getFirst());
            }
            return new Echo(whoami);
        }, request, response, callback, components, null);
        if (!upgraded) {
            response.write(true, ByteBuffer.wrap("plain".getBytes(StandardCharsets.UTF_8)), callback);
        }
        return true;
    }

    private static String describe(Request request) {
        StringBuilder sb = new StringBuilder();
        for (HttpField f : request.getHeaders()) {
            sb.append(f.getLowerCaseName()).append(": ").append(f.getValue()).append('\n');
        }
        return sb.toString();
    }

    void shutdown() throws Exception {
        server.stop();
    }

    private final class Echo implements FrameHandler {
        private final String whoami;
        private CoreSession session;

        Echo(String whoami) {
            this.whoami = whoami;
        }

        @Override
        public void onOpen(CoreSession coreSession, Callback callback) {
            session = coreSession;
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            Callback next = Callback.from(() -> {
                callback.succeeded();
                session.demand();
            }, callback::failed);
            switch (frame.getOpCode()) {
                case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, true, frame.getPayload()), next, false);
                case OpCode.PONG -> next.succeeded();
                case OpCode.CLOSE -> callback.succeeded(); // Jetty answers with the same status
                default -> command(frame, next);
            }
        }

        private void command(Frame frame, Callback next) {
            String text = frame.getOpCode() == OpCode.TEXT && frame.isFin() ? frame.getPayloadAsUTF8() : "";
            if (text.equals("whoami")) {
                session.sendFrame(new Frame(OpCode.TEXT, whoami), next, false);
            } else if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                next.succeeded();
                session.close(Integer.parseInt(parts[1]), parts[2], Callback.NOOP);
            } else if (text.equals("abort")) {
                next.succeeded();
                session.abort();
            } else {
                session.sendFrame(new Frame(frame.getOpCode(), frame.isFin(), frame.getPayload()), next, false);
            }
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            closes.add(closeStatus);
            callback.succeeded();
        }
    }
}
