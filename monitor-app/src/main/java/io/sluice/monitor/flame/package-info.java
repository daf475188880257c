/**
 * Flame graphs of on-demand node profiles ({@code POST /admin/v1/profiles}): record, zoom, search,
 * hover, compare two profiles as a differential graph, and export as collapsed stacks, SVG or PNG.
 *
 * <p>Everything that decides what is drawn is pure and toolkit-free ({@link io.sluice.monitor.flame.FlameLayout},
 * {@link io.sluice.monitor.flame.FlameSearch}, {@link io.sluice.monitor.flame.FlameDiff},
 * {@link io.sluice.monitor.flame.FlamePalette}, the exports), so it is unit-tested without JavaFX;
 * {@link io.sluice.monitor.flame.FlameViewModel} holds the state and {@link io.sluice.monitor.flame.FlameView}
 * only paints a layout on a canvas and forwards the mouse.
 */
package io.sluice.monitor.flame;
