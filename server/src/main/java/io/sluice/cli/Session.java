package io.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.client.AdminCall;
import io.sluice.client.AdminClient;
import io.sluice.client.AdminResponse;
import io.sluice.model.NodeStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * One sluicectl run: the command line, where output goes, the clock and zone for relative times,
 * and the admin client — of the entry node, or of the node {@code --node NODE_ID} named, found
 * through the entry node on first use.
 */
final class Session {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final Args args;
    final PrintStream out;
    final PrintStream err;
    final boolean json;
    private final InstantSource clock;
    private final ZoneId zone;
    private final AdminClient entry;
    private final String nodeId;
    private AdminClient node;

    Session(Args args, PrintStream out, PrintStream err, InstantSource clock, ZoneId zone, AdminClient entry, String nodeId) {
        this.args = args;
        this.out = out;
        this.err = err;
        this.json = args.flag("json");
        this.clock = clock;
        this.zone = zone;
        this.entry = entry;
        this.nodeId = nodeId;
    }

    /** The node the command acts on. */
    AdminClient client() {
        if (node == null) {
            node = nodeId == null ? entry : entry.forNode(adminUrlOf(nodeId));
        }
        return node;
    }

    /** The node sluicectl was pointed at (cluster-wide views ask it). */
    AdminClient entry() {
        return entry;
    }

    private String adminUrlOf(String id) {
        List<NodeStatus> nodes = entry.nodes();
        for (NodeStatus n : nodes) {
            if (n.nodeId().equals(id)) {
                if (n.adminUrl() == null) {
                    throw CliException.failed("node " + id + " publishes no admin URL");
                }
                return n.adminUrl();
            }
        }
        throw CliException.failed("no live node '" + id + "' in the cluster of " + entry.baseUrl() + "; nodes are "
                + Human.list(nodes.stream().map(NodeStatus::nodeId).toList()));
    }

    Instant now() {
        return clock.instant();
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * Sends {@code call} to the node and prints the answer: with {@code --json} the API's JSON as it
     * came (indented), otherwise {@code render} of the decoded record.
     */
    <T> void show(AdminCall<T> call, Function<T, String> render) {
        if (json) {
            AdminResponse answer = client().fetch(call);
            out.println(answer.isJson() ? pretty(answer.text()) : answer.text());
        } else {
            out.print(render.apply(client().send(call)));
        }
    }

    /** Prints a value sluicectl put together itself (status) as JSON. */
    void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(String json) {
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
