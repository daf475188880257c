package io.sluice.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one structured line per request to the {@code sluice.access} logger. An interface so
 * that tests can collect records and a node can switch the log off (benchmarks do).
 */
public interface AccessLog {

    void log(AccessRecord record);

    AccessLog OFF = record -> { };

    static AccessLog toLogger() {
        Logger logger = LoggerFactory.getLogger("sluice.access");
        return record -> {
            if (logger.isInfoEnabled()) {
                logger.info(record.toJson());
            }
        };
    }
}
