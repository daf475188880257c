package io.sluice.node;

import io.sluice.model.JvmInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the facts an operator asks first about a node's JVM from the platform MXBeans, when
 * asked (an admin call, not on the request path). Input arguments are listed because they answer
 * "which heap size and GC is this node really running with"; they carry no secrets in Sluice (key
 * store passwords live in the config file, not on the command line).
 */
final class JvmFacts {

    private JvmFacts() {
    }

    static JvmInfo read() {
        var runtime = ManagementFactory.getRuntimeMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        long gcCount = 0;
        long gcMillis = 0;
        List<String> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new JvmInfo(runtime.getVmVendor(), Runtime.version().toString(), ProcessHandle.current().pid(),
                Runtime.getRuntime().availableProcessors(), heap.getUsed(), heap.getCommitted(), heap.getMax(),
                memory.getNonHeapMemoryUsage().getUsed(), threads.getThreadCount(), threads.getDaemonThreadCount(),
                gcCount, gcMillis, collectors, runtime.getInputArguments());
    }
}
