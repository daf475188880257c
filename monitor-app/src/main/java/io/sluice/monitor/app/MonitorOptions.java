package io.sluice.monitor.app;

import io.sluice.monitor.connect.ConnectionProfile;
import io.sluice.monitor.connect.ConnectionProfile.Format;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line: an optional profile to fill the connect form with (and connect at once with
 * {@code --connect}), and the snapshot mode the pictures script uses.
 * <pre>
 * --admin URL           a member's admin address (default $SLUICE_ADMIN)
 * --cert F --key F      PEM certificate and key, or
 * --keystore F          a PKCS12 key store (password: --password-env NAME names the variable holding it)
 * --ca F                the cluster CA (PEM bundle or PKCS12 trust store)
 * --name N              the profile's name (default "command line")
 * --connect             connect without waiting for the operator to press Connect
 * --snapshots DIR       headless: connect, render every view to DIR/*.png, exit
 * </pre>
 */
record MonitorOptions(ConnectionProfile profile, String password, boolean connect, Path snapshots) {

    static final String USAGE = """
            usage: monitor [--admin URL] [--cert PEM --key KEY | --keystore P12 [--password-env VAR]] [--ca CA]
                           [--name NAME] [--connect] [--snapshots DIR]""";

    static MonitorOptions parse(String[] args, Map<String, String> env) {
        String admin = env.get("SLUICE_ADMIN");
        String cert = null;
        String key = null;
        String keyStore = null;
        String ca = null;
        String name = "command line";
        String password = null;
        boolean connect = false;
        Path snapshots = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--connect" -> connect = true;
                case "--admin" -> admin = value(args, ++i, a);
                case "--cert" -> cert = value(args, ++i, a);
                case "--key" -> key = value(args, ++i, a);
                case "--keystore" -> keyStore = value(args, ++i, a);
                case "--ca" -> ca = value(args, ++i, a);
                case "--name" -> name = value(args, ++i, a);
                case "--password-env" -> {
                    String var = value(args, ++i, a);
                    password = env.get(var);
                    if (password == null) {
                        throw new IllegalArgumentException("--password-env " + var + ": the variable is not set");
                    }
                }
                case "--snapshots" -> snapshots = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (keyStore != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("give --keystore or --cert/--key, not both\n" + USAGE);
        }
        ConnectionProfile profile = null;
        if (admin != null || cert != null || keyStore != null) {
            profile = keyStore != null
                    ? new ConnectionProfile(name, admin, Format.PKCS12, keyStore, null, ca)
                    : new ConnectionProfile(name, admin, Format.PEM, cert, key, ca);
        }
        if ((connect || snapshots != null) && (profile == null || !profile.problems().isEmpty())) {
            throw new IllegalArgumentException((snapshots != null ? "--snapshots" : "--connect") + " needs a complete profile: "
                    + (profile == null ? "no --admin/--cert/--keystore given" : String.join("; ", profile.problems())));
        }
        return new MonitorOptions(profile, password, connect || snapshots != null, snapshots);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
