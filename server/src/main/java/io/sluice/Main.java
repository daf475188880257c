package io.sluice;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.GatewayConfig;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;

/** Starts one gateway node: {@code java -jar sluice-server.jar --config sluice.yaml}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = Path.of("sluice.yaml");
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: sluice-server [--config FILE]   (unknown argument: " + args[i] + ")");
                System.exit(2);
            }
        }
        GatewayConfig config;
        try {
            config = new ConfigLoader().load(configFile);
        } catch (ConfigException e) {
            System.err.println("sluice: invalid config " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayNode node = new GatewayNode(config, InstantSource.system(), AccessLog.toLogger());
        node.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop();
            } catch (Exception e) {
                System.err.println("sluice: stop failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "sluice-drain"));
        System.out.println("sluice: node " + config.node().id() + " started");
        stopped.await();
    }
}
