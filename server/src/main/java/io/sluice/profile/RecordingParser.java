package io.sluice.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR file event by event and merges the stacks a {@link ProfileKind} counts into a
 * {@link StackTree}. Frames are named {@code package.Class.method}; the address JFR appends to
 * hidden classes (lambdas) is dropped so that one lambda is one frame across runs.
 */
final class RecordingParser {

    /** {@code Foo$$Lambda/0x00007f...} (JFR writes {@code .0x...}): the address differs per run and per JVM. */
    private static final Pattern HIDDEN_CLASS_ADDRESS = Pattern.compile("[./]0x[0-9a-fA-F]+$");

    private RecordingParser() {
    }

    static StackTree parse(Path jfr, ProfileKind kind, Instant from, Instant to) throws IOException {
        StackTree tree = new StackTree();
        // JFR shares one RecordedStackTrace per distinct stack, so each is walked once.
        Map<RecordedStackTrace, StackTree.Node> paths = new IdentityHashMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                long weight = kind.weight(e, from, to);
                RecordedStackTrace stack = e.getStackTrace();
                if (weight <= 0 || stack == null) {
                    continue;
                }
                StackTree.Node node = paths.computeIfAbsent(stack, s -> tree.path(rootFirst(s), s.isTruncated()));
                String leaf = kind.leaf(e);
                tree.add(leaf == null ? node : node.child(leaf), weight);
            }
        }
        return tree;
    }

    private static List<String> rootFirst(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        List<String> names = new ArrayList<>(frames.size());
        for (int i = frames.size() - 1; i >= 0; i--) {
            names.add(frameName(frames.get(i)));
        }
        return names;
    }

    static String frameName(RecordedFrame frame) {
        RecordedMethod m = frame.getMethod();
        if (m == null) {
            return "(unknown)";
        }
        String type = m.getType() == null ? "(unknown)" : m.getType().getName();
        return HIDDEN_CLASS_ADDRESS.matcher(type).replaceFirst("") + "." + m.getName();
    }
}
