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

    /** This build's version from the jar manifest; "dev" when running from classes (tests, IDE). */
    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
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
        String sharedYaml;
        try {
            ConfigLoader loader = new ConfigLoader();
            String text = java.nio.file.Files.readString(configFile);
            config = loader.parse(text);
            sharedYaml = loader.extractShared(text);
        } catch (java.io.IOException e) {
            System.err.println("sluice: cannot read config file " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (ConfigException e) {
            System.err.println("sluice: invalid config " + configFile + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        GatewayNode node = new GatewayNode(config, sharedYaml, InstantSource.system(), AccessLog.toLogger());
        try {
            node.start();
        } catch (Exception e) {
            System.err.println("sluice: node " + config.node().id() + " failed to start: " + e);
            e.printStackTrace();
            try {
                node.stop();
            } catch (Exception ignored) {
                // already failing
            }
            System.exit(1);
        }
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
        System.out.println("sluice: node " + config.node().id() + " started, running config version "
                + node.configSync().running().version());
        stopped.await();
    }
}
