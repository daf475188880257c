package io.sluice.monitor.flame;

import static io.sluice.monitor.flame.Trees.HANDLE;
import static io.sluice.monitor.flame.Trees.RUN;
import static io.sluice.monitor.flame.Trees.SEND;
import static io.sluice.monitor.flame.Trees.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.client.AdminException;
import io.sluice.model.Problem;
import io.sluice.model.ProfileResult;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.NodeState;
import io.sluice.monitor.session.UiThread;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameViewModelTest {

    private final List<String> calls = new ArrayList<>();
    private ProfileResult next = Trees.profile("p1", "cpu", Trees.sample());

    private final FlameViewModel.Recorder recorder = (node, request) -> {
        calls.add(node + " " + request.kind() + " " + request.seconds());
        return next;
    };

    private FlameViewModel vm(Calls c, boolean canAct) {
        FlameViewModel vm = new FlameViewModel(recorder, c, canAct);
        vm.setNodes(List.of("node-1", "node-2"));
        return vm;
    }

    @Test
    void recordsTheChosenKindOnTheChosenNodeAndShowsIt() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.nodeProperty().set("node-2");
        vm.kindProperty().set("wall");
        vm.secondsProperty().set(" 2 ");
        next = Trees.profile("w1", "wall", Trees.sample());

        vm.record();

        assertThat(calls).containsExactly("node-2 wall 2");
        assertThat(vm.profiles()).hasSize(1);
        assertThat(vm.selectedProperty().get().result().id()).isEqualTo("w1");
        assertThat(vm.layoutProperty().get().frames()).hasSize(8);
        assertThat(vm.messageProperty().get()).isEqualTo("recorded wall on node-2 for 2 s: 100 ns");
        assertThat(vm.recordingProperty().get()).isFalse();
    }

    @Test
    void recordIsOffWhileRecordingAndTheStatusSaysWhatRuns() {
        List<Runnable> pending = new ArrayList<>();
        FlameViewModel vm = vm(new Calls(pending::add, UiThread.inline()), true);

        vm.record();

        assertThat(vm.recordingProperty().get()).isTrue();
        assertThat(vm.canRecordProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("recording cpu on node-1 for 10 s…");
        vm.record();
        assertThat(pending).as("a second click starts nothing").hasSize(1);

        pending.removeFirst().run();
        assertThat(vm.recordingProperty().get()).isFalse();
        assertThat(vm.canRecordProperty().get()).isTrue();
        assertThat(vm.profiles()).hasSize(1);
    }

    @Test
    void aFailedRecordingSaysWhy() {
        FlameViewModel vm = new FlameViewModel((node, r) -> {
            throw new AdminException(409, new Problem("about:blank", "Conflict", 409, "a profile is already running", null, null));
        }, Calls.inline(), true);
        vm.setNodes(List.of("node-1"));

        vm.record();

        assertThat(vm.messageProperty().get())
                .isEqualTo("recording cpu on node-1 failed: Conflict: a profile is already running (HTTP 409)");
        assertThat(vm.recordingProperty().get()).isFalse();
        assertThat(vm.profiles()).isEmpty();
    }

    @Test
    void secondsMustBeAWholeNumberFrom1To300() {
        FlameViewModel vm = vm(Calls.inline(), true);
        for (String bad : List.of("0", "301", "ten", "", "1.5", "-3")) {
            vm.secondsProperty().set(bad);
            assertThat(vm.secondsProblemProperty().get()).as(bad).isEqualTo("seconds must be a whole number from 1 to 300");
            assertThat(vm.canRecordProperty().get()).as(bad).isFalse();
        }
        vm.record();
        assertThat(calls).isEmpty();
        assertThat(vm.messageProperty().get()).isEqualTo("seconds must be a whole number from 1 to 300");

        for (String good : List.of("1", "300", " 60 ")) {
            vm.secondsProperty().set(good);
            assertThat(vm.secondsProblemProperty().get()).as(good).isEmpty();
            assertThat(vm.canRecordProperty().get()).as(good).isTrue();
        }
    }

    @Test
    void aViewerCannotRecordButCanLook() {
        FlameViewModel vm = vm(Calls.inline(), false);

        assertThat(vm.canRecordProperty().get()).isFalse();
        vm.record();
        assertThat(calls).isEmpty();
        assertThat(vm.messageProperty().get()).contains("operator certificate");

        vm.showProfile(Trees.profile("p1", "cpu", Trees.sample()));
        assertThat(vm.layoutProperty().get().frames()).isNotEmpty();
    }

    @Test
    void keepsTheNewestEightNewestFirst() {
        FlameViewModel vm = vm(Calls.inline(), true);
        for (int i = 1; i <= 10; i++) {
            vm.showProfile(Trees.profile("p" + i, "cpu", Trees.sample()));
        }

        assertThat(vm.profiles()).extracting(p -> p.result().id())
                .containsExactly("p10", "p9", "p8", "p7", "p6", "p5", "p4", "p3");
        assertThat(vm.selectedProperty().get().result().id()).isEqualTo("p10");
        vm.showProfile(Trees.profile("p5", "cpu", Trees.sample()));
        assertThat(vm.profiles()).as("the same profile again is selected, not added").hasSize(8);
        assertThat(vm.selectedProperty().get().result().id()).isEqualTo("p5");
    }

    @Test
    void clickZoomsToAFrameAndTheRootZoomsBackOut() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.showProfile(Trees.profile("p1", "cpu", Trees.sample()));

        vm.click(0.3, 2);

        assertThat(vm.zoomProperty().get()).containsExactly("all", RUN, HANDLE);
        assertThat(vm.zoomedProperty().get()).isTrue();
        FlameLayout zoomed = vm.layoutProperty().get();
        assertThat(zoomed.find(path("all", RUN, HANDLE)).orElseThrow().width()).isEqualTo(1.0);
        vm.click(0.5, 1); // the caller above, now full width too: zooms out to it
        assertThat(vm.zoomProperty().get()).containsExactly("all", RUN);
        vm.click(0.5, 0);
        assertThat(vm.zoomedProperty().get()).isFalse();
        assertThat(vm.layoutProperty().get().find(path("all", RUN)).orElseThrow().width()).isCloseTo(0.7, within(1e-9));
        vm.click(0.5, 7); // nothing there
        assertThat(vm.zoomedProperty().get()).isFalse();

        vm.zoom(path("all", RUN));
        vm.resetZoom();
        assertThat(vm.zoomedProperty().get()).isFalse();
    }

    @Test
    void hoverNamesTheFrameInTheProfilesUnit() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.showProfile(Trees.profile("p1", "cpu", Trees.sample()));

        vm.hover(0.3, 2);
        assertThat(vm.statusProperty().get()).isEqualTo(HANDLE + " — 60 samples (60.0 %)");
        vm.hover(0.9, 3);
        assertThat(vm.hoverProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).as("back to the message").isEqualTo("showing 12:00:02 · node-1 · cpu 10 s · 100 samples");

        vm.showProfile(Trees.profile("a1", "alloc", Trees.node("all", 0, Trees.node("(new byte[])", 1_234_567))));
        vm.hover(0.5, 1);
        assertThat(vm.statusProperty().get()).isEqualTo("(new byte[]) — 1,234,567 bytes (100.0 %)");
        vm.showProfile(Trees.profile("w1", "wall", Trees.node("all", 0, Trees.node("(parked)", 20_000_000))));
        vm.hover(0.5, 1);
        assertThat(vm.statusProperty().get()).isEqualTo("(parked) — 20,000,000 ns (100.0 %)");
        vm.clearHover();
        assertThat(vm.hoverProperty().get()).isEmpty();
    }

    @Test
    void searchHighlightsAndSaysHowMuchOfTheProfileMatches() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.showProfile(Trees.profile("p1", "cpu", Trees.sample()));

        vm.searchProperty().set("proxyhandler.Handle");

        assertThat(vm.searchSummaryProperty().get()).isEqualTo("2 matches, 70.0 % of samples");
        assertThat(vm.layoutProperty().get().frames()).filteredOn(Frame::matched).extracting(Frame::name)
                .containsExactly(HANDLE, HANDLE);
        vm.searchProperty().set("/[/");
        assertThat(vm.searchSummaryProperty().get()).startsWith("not a regular expression");
        assertThat(vm.layoutProperty().get().frames()).noneMatch(Frame::matched);
        vm.searchProperty().set("");
        assertThat(vm.searchSummaryProperty().get()).isEmpty();
    }

    @Test
    void comparesTheBaselineWithTheShownProfile() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.showProfile(Trees.profile("a", "cpu", Trees.sample()));
        vm.showProfile(Trees.profile("b", "cpu", Trees.later()));
        assertThat(vm.baselineProperty().get().result().id()).as("the previous profile is the natural baseline").isEqualTo("a");

        vm.compare();

        assertThat(vm.comparedWithProperty().get().result().id()).isEqualTo("a");
        assertThat(vm.layoutProperty().get().diff()).isTrue();
        vm.hover(0.1, 3);
        assertThat(vm.statusProperty().get()).isEqualTo(SEND + " — A 40.0 % → B 45.0 % (+5.0 %), 90 samples in B");
        assertThat(vm.caption()).isEqualTo("A 12:00:01 · node-1 · cpu 10 s · 100 samples → B 12:00:01 · node-1 · cpu 10 s · 200 samples");
        assertThat(vm.fileStem()).isEqualTo("node-1-cpu-b-diff");

        vm.endCompare();
        assertThat(vm.comparedWithProperty().get()).isNull();
        assertThat(vm.layoutProperty().get().diff()).isFalse();

        vm.compare();
        vm.selectedProperty().set(vm.profiles().getLast());
        assertThat(vm.comparedWithProperty().get()).as("choosing another profile ends the comparison").isNull();
    }

    @Test
    void profilesOfDifferentKindsAreNotCompared() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.showProfile(Trees.profile("a", "cpu", Trees.sample()));
        vm.showProfile(Trees.profile("b", "alloc", Trees.sample()));

        vm.compare(vm.profiles().getLast(), vm.profiles().getFirst());

        assertThat(vm.comparedWithProperty().get()).isNull();
        assertThat(vm.messageProperty().get()).isEqualTo("only profiles of one kind compare: A is cpu, B is alloc");
    }

    @Test
    void followsTheMembersAndKeepsTheChosenNode() {
        FlameViewModel vm = vm(Calls.inline(), true);
        vm.nodeProperty().set("node-2");

        vm.nodes(List.of(state("node-1", true), state("node-2", true), state("node-3", true), state("node-9", false)));
        assertThat(vm.nodes()).containsExactly("node-1", "node-2", "node-3");
        assertThat(vm.nodeProperty().get()).isEqualTo("node-2");

        vm.nodes(List.of(state("node-1", true)));
        assertThat(vm.nodeProperty().get()).isEqualTo("node-1");
        vm.nodes(List.of());
        assertThat(vm.nodeProperty().get()).isNull();
        assertThat(vm.canRecordProperty().get()).isFalse();
    }

    @Test
    void exportsTheShownProfile() {
        FlameViewModel vm = vm(Calls.inline(), true);
        assertThat(vm.collapsed()).isEmpty();
        vm.showProfile(Trees.profile("p1", "cpu", Trees.sample()));
        vm.zoom(path("all", RUN, HANDLE));

        assertThat(vm.collapsed().lines()).as("the whole profile, whatever the zoom").hasSize(6);
        assertThat(vm.svg(800)).startsWith("<?xml").contains("<title>12:00:02 · node-1 · cpu 10 s · 100 samples</title>");
        assertThat(vm.fileStem()).isEqualTo("node-1-cpu-p1");
    }

    private static NodeState state(String id, boolean member) {
        return new NodeState(id, "https://127.0.0.1:1/admin/v1", NodeState.Link.UP, null, null, null, member);
    }
}
