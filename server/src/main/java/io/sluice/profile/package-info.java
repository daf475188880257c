/**
 * Profiling on demand, like Go's pprof, with the JDK's own Flight Recorder (no agent, nothing
 * native): {@link io.sluice.profile.Profiler} records one {@code cpu}, {@code alloc} or {@code wall}
 * profile at a time ({@link io.sluice.profile.ProfileKind} says what each records and misses) and
 * merges its stacks into a bounded call tree; {@link io.sluice.profile.ProfileFormats} writes it as
 * collapsed stacks or a speedscope file; {@link io.sluice.profile.ThreadDump} dumps every thread,
 * virtual ones included. The admin resources are in {@code admin/ProfileAdmin}.
 */
package io.sluice.profile;
