package io.sluice.admin;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.ProfileRequest;
import io.sluice.model.ProfileResult;
import io.sluice.profile.ProfileFormats;
import io.sluice.profile.Profiler;
import io.sluice.profile.ThreadDump;
import io.sluice.upstream.Blocking;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Admin resources for profiling this node, like Go's pprof:
 * <pre>
 * POST /admin/v1/profiles          {"kind":"cpu|alloc|wall","seconds":1..300} → blocks that long, then the result
 * GET  /admin/v1/profiles          the kept results, newest first, without their trees
 * GET  /admin/v1/profiles/{id}     one kept result
 * GET  /admin/v1/threads           a thread dump with virtual threads (?format=json|text)
 * </pre>
 * A profile comes as JSON with its call tree ({@code ?format=json}, the default), as collapsed
 * stacks ({@code ?format=collapsed}) or as a speedscope file to download ({@code ?format=speedscope}).
 */
public final class ProfileAdmin {

    private enum Format { JSON, COLLAPSED, SPEEDSCOPE }

    private static final int CHUNK = 64 * 1024;

    private final Profiler profiler;

    public ProfileAdmin(Profiler profiler) {
        this.profiler = profiler;
    }

    public void register(AdminHandler h) {
        h.on("POST", "/profiles", (x, m) -> {
            Format format = format(x); // checked first: a bad one must not cost a profile
            ProfileRequest request = x.jsonBody(ProfileRequest.class);
            // Nothing moves on the connection while the profile records; an idle timeout with no
            // listener may count as a failure of the request, and false says to ignore it.
            x.request.addIdleTimeoutListener(timeout -> false);
            write(x, profiler.profile(request), format);
        });
        h.on("GET", "/profiles", (x, m) -> x.json(200, profiler.recent()));
        h.on("GET", "/profiles/([^/]+)", (x, m) -> {
            Format format = format(x);
            ProfileResult result = profiler.find(m.group(1)).orElseThrow(() -> new GatewayException(Failure.NOT_FOUND,
                    "no profile '" + m.group(1) + "' on this node; it keeps the last few, see GET /admin/v1/profiles"));
            write(x, result, format);
        });
        h.on("GET", "/threads", (x, m) -> {
            String format = x.query("format") == null ? "json" : x.query("format").toLowerCase(Locale.ROOT);
            switch (format) {
                case "json" -> ThreadDump.dump(ThreadDump.Format.JSON, file -> send(x, file, "application/json"));
                case "text" -> ThreadDump.dump(ThreadDump.Format.TEXT, file -> send(x, file, "text/plain; charset=utf-8"));
                default -> throw new GatewayException(Failure.INVALID_ADMIN_REQUEST,
                        "format must be json or text, not '" + x.query("format") + "'");
            }
        });
    }

    private static Format format(AdminExchange x) {
        String f = x.query("format");
        if (f == null) {
            return Format.JSON;
        }
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "collapsed" -> Format.COLLAPSED;
            case "speedscope" -> Format.SPEEDSCOPE;
            default -> throw new GatewayException(Failure.INVALID_ADMIN_REQUEST,
                    "format must be json, collapsed or speedscope, not '" + f + "'");
        };
    }

    private static void write(AdminExchange x, ProfileResult r, Format format) throws IOException {
        x.response.getHeaders().put("Content-Location", "/admin/v1/profiles/" + r.id());
        switch (format) {
            case JSON -> x.json(200, r);
            case COLLAPSED -> x.text(200, "text/plain; charset=utf-8", ProfileFormats.collapsed(r.root()));
            case SPEEDSCOPE -> {
                String name = (r.node() + "-" + r.id()).replaceAll("[^A-Za-z0-9._-]", "_") + ".speedscope.json";
                x.response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
                x.text(200, "application/json", ProfileFormats.speedscope(r));
            }
        }
    }

    /** Streams {@code file} (a thread dump of a busy node runs to tens of megabytes) without holding it in memory. */
    private static void send(AdminExchange x, Path file, String mediaType) throws IOException {
        long size = Files.size(file);
        x.head(200, mediaType, size);
        try (FileChannel in = FileChannel.open(file)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            long sent = 0;
            while (sent < size) {
                buffer.clear();
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("the thread dump ended after " + sent + " of " + size + " bytes");
                }
                sent += n;
                buffer.flip();
                Blocking.write(x.response, sent >= size, buffer);
            }
            if (size == 0) {
                Blocking.write(x.response, true, ByteBuffer.allocate(0));
            }
        }
    }
}
