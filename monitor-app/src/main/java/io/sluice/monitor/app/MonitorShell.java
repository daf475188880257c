package io.sluice.monitor.app;

import io.sluice.monitor.session.ClusterSession;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.UiThread;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The monitor's main window content: who is connected and how the members' links are, above one
 * tab per {@link Screen}. Ids: {@code identity}, {@code cluster-summary}, {@code tabs}; each tab
 * has its screen's id. Closing it stops everything the composition root handed it (pump,
 * timers, the session).
 */
public final class MonitorShell extends BorderPane implements AutoCloseable {

    private final TabPane tabs = new TabPane();
    private final List<AutoCloseable> resources;
    private final ClusterSession.Listener summaryListener;
    private final ClusterSession session;
    private Runnable pictureSetup = () -> { };

    public MonitorShell(ClusterSession session, List<Screen> screens, List<AutoCloseable> resources, UiThread ui) {
        this.session = session;
        this.resources = new ArrayList<>(resources);
        getStyleClass().add("monitor-shell");

        Label identity = new Label("connected as " + session.identity().label()
                + (session.identity().mayAct() ? "" : " — read only"));
        identity.setId("identity");
        Label summary = new Label();
        summary.setId("cluster-summary");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(12, identity, gap, summary);
        top.getStyleClass().add("top-bar");
        top.setPadding(new Insets(6, 10, 6, 10));
        setTop(top);

        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (Screen s : screens) {
            Tab tab = new Tab(s.title(), s.view());
            tab.setId(s.id());
            tabs.getTabs().add(tab);
        }
        setCenter(tabs);

        summaryListener = new ClusterSession.Listener() {
            @Override
            public void nodes(List<NodeState> nodes) {
                String text = summarize(nodes);
                ui.execute(() -> summary.setText(text));
            }
        };
        session.addListener(summaryListener);
        summary.setText(summarize(session.nodes()));
    }

    /** "3 nodes: node-1 up, node-2 up, node-3 DOWN" */
    static String summarize(List<NodeState> nodes) {
        long up = nodes.stream().filter(NodeState::up).count();
        return up + "/" + nodes.size() + " nodes up: " + nodes.stream()
                .map(n -> n.nodeId() + (n.up() ? (n.info() != null && n.info().draining() ? " draining" : " up")
                        : n.link() == NodeState.Link.DOWN ? " DOWN" : " connecting"))
                .collect(Collectors.joining(", "));
    }

    /** What snapshot mode runs first so each view has something to show (set by the composition root). */
    void pictureSetup(Runnable setup) {
        this.pictureSetup = setup;
    }

    void prepareForPictures() {
        pictureSetup.run();
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Shows the tab with {@code id}; false if there is none. */
    public boolean select(String id) {
        for (Tab t : tabs.getTabs()) {
            if (id.equals(t.getId())) {
                tabs.getSelectionModel().select(t);
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        session.removeListener(summaryListener);
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                System.getLogger(MonitorShell.class.getName()).log(System.Logger.Level.DEBUG, "closing " + r, e);
            }
        }
        session.close();
    }
}
