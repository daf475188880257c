package io.sluice.model;

import java.util.List;

/**
 * The JVM a node runs in, read when asked: runtime, process, memory after the last collections
 * ({@code heapUsedBytes} is current use, not a peak), threads (platform threads only; virtual
 * threads are not counted by the JVM, see the thread dump for them) and collector totals.
 */
public record JvmInfo(String vendor, String runtimeVersion, long pid, int availableProcessors,
                      long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes, long nonHeapUsedBytes,
                      int platformThreads, int daemonThreads, long gcCount, long gcMillis,
                      List<String> collectors, List<String> inputArguments) {
}
