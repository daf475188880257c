package io.sluice.cli;

/** What {@code sluicectl --help} prints; the first block is also shown after a usage error. */
final class Usage {

    private Usage() {
    }

    static final String COMMANDS = """
            usage: sluicectl [--node URL|NODE_ID] [--json] [--cert PEM --key PEM | --keystore P12 --password P] [--ca FILE] COMMAND
            commands:
              status                                   every node: build, uptime, config version, draining, breakers not closed, cert days left
              nodes                                    every live node, its admin address and the config version it runs
              routes | upstreams | limits | certificates
              breakers [list]                          every breaker on every node, and the operator overrides
              trip|reset|auto BREAKER --reason TEXT    force open, force closed, or back to automatic, cluster-wide
                                                       (also: breakers trip|reset|auto BREAKER --reason TEXT)
              config show [VERSION] [--yaml]           the running config (or VERSION from the history); also: config get
              config apply FILE [--comment TEXT] [--if-match VERSION]
              config history                           the last 50 versions: who, when, why
              config rollback VERSION [--comment TEXT]
              traces [--list recent|slowest|failed] [--route R] [--status 503|5xx] [--min-ms N] [--limit N]
              tail [--types trace,breaker,config,health,metrics] [--route R] [--status S] [--min-ms N] [--count N]
              profile --kind cpu|alloc|wall --seconds N --out FILE [--format collapsed|speedscope|json]
              threads [--format text|json] [--out FILE]
              drain --reason TEXT                      the node stops taking connections and finishes what it has
              metrics                                  the node's Prometheus metrics
            """;

    static final String DETAILS = """

            Every change goes through one node and reaches the whole cluster; reads ask the node given by
            --node (a URL such as https://10.0.0.5:19080, else $SLUICE_ADMIN, else https://127.0.0.1:19080, the
            demo's node-1). --node NODE_ID (node-2) asks that node's address from the cluster first: use it with
            profile, threads, drain or any read to aim at one member.

            The admin API needs a client certificate from the cluster CA (role operator to act, viewer to read):
            --cert/--key (PEM, PKCS#8 key) or $SLUICE_CERT/$SLUICE_KEY, else operator.pem and operator.key in
            $SLUICE_CERTS (default var/demo/certs, the demo's); or --keystore FILE.p12 --password P. Trusted CAs:
            --ca, else $SLUICE_CA, else ca-bundle.pem there (a PEM bundle, or a PKCS12 trust store opened with
            --password). The operator recorded with each change is the certificate's common name.

            --json prints the API's JSON instead of tables (status: one object per node), for scripts.
            Exit codes: 0 ok, 1 the node refused or could not be reached (its problem on stderr), 2 usage.
            """;
}
