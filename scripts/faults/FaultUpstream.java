import io.sluice.demo.DemoUpstream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The demo upstream with a fault switch, for scripts/faults/upstream-faults.sh: it answers like
 * {@link DemoUpstream} until told otherwise through {@code GET /_fault?mode=normal|slow&ms=N}
 * (answered even while slow). "slow" delays every answer by N ms on the request's virtual thread,
 * the way an overloaded service does. Dying and hanging need no switch: the script kills or
 * SIGSTOPs this process. Run it as a single-file program on the server's class path:
 * {@code java -cp "$(server_classpath)" scripts/faults/FaultUpstream.java PORT NAME}.
 */
public final class FaultUpstream extends Handler.Wrapper {

    private volatile String mode = "normal";
    private volatile long slowMillis;

    FaultUpstream(Handler demo) {
        super(demo);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if ("/_fault".equals(Request.getPathInContext(request))) {
            Fields query = Request.extractQueryParameters(request);
            String next = query.getValue("mode");
            if (next != null) {
                slowMillis = query.getValue("ms") == null ? 0 : Long.parseLong(query.getValue("ms"));
                mode = next;
            }
            response.write(true, ByteBuffer.wrap(("mode=" + mode + " ms=" + slowMillis + "\n").getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        if ("slow".equals(mode)) {
            Thread.sleep(slowMillis);
        }
        return super.handle(request, response, callback);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String name = args.length > 1 ? args[1] : "fault";
        Server server = DemoUpstream.start(name, "127.0.0.1", port);
        server.stop();
        Handler demo = server.getHandler();
        server.setHandler(new FaultUpstream(demo));
        server.start();
        System.out.println("fault upstream " + name + " listening on 127.0.0.1:" + port);
        server.join();
    }
}
