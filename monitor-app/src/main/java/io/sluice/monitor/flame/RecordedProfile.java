package io.sluice.monitor.flame;

import io.sluice.model.FlameNode;
import io.sluice.model.ProfileResult;
import java.util.List;
import java.util.Locale;

/**
 * A profile the monitor holds, with the one-line label the profile pickers show:
 * {@code 12:00:01 · node-1 · cpu 10 s · 1,234 samples}
 * (the time first: it tells profiles apart even where a narrow picker cuts the label).
 */
public record RecordedProfile(ProfileResult result) {

    private static final FlameNode NO_TREE = new FlameNode("all", 0, 0, List.of());

    /** The call tree; an empty root when the node sent none. */
    public FlameNode root() {
        return result.root() == null ? NO_TREE : result.root();
    }

    public String kind() {
        return result.kind();
    }

    public String unit() {
        return result.unit();
    }

    public String label() {
        return time() + " · " + result.node() + " · " + result.kind() + " " + seconds() + " · "
                + FrameText.amount(root().total(), result.unit());
    }

    /** A file name without extension for exports: {@code node-1-cpu-<id>}. */
    public String fileStem() {
        return (result.node() + "-" + result.kind() + "-" + result.id()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private String seconds() {
        long ms = result.durationMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** {@code 12:00:01} out of {@code 2025-01-01T12:00:01.123Z}; the text as sent if it is not that shape. */
    private String time() {
        String at = result.startedAt() == null ? "" : result.startedAt();
        int t = at.indexOf('T');
        return t >= 0 && at.length() >= t + 9 ? at.substring(t + 1, t + 9) : at;
    }

    @Override
    public String toString() {
        return label();
    }
}
