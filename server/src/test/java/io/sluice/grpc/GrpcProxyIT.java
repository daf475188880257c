package io.sluice.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.sluice.config.ConfigLoader;
import io.sluice.node.GatewayNode;
import io.sluice.observe.AccessLog;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real grpc-java client and server (Netty, plaintext h2c) with a real gateway node between them,
 * all on 127.0.0.1. Every case also runs against the server directly, so a failure through the
 * gateway is the gateway's. Status codes, descriptions and custom trailers only arrive if HTTP/2
 * trailers pass through intact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcProxyIT {

    enum Target { DIRECT, GATEWAY }

    private static Server grpcServer;
    private static GatewayNode node;
    private static ManagedChannel direct;
    private static ManagedChannel viaGateway;

    @BeforeAll
    static void start() throws Exception {
        grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
                .addService(EchoGrpcService.definition())
                .build()
                .start();
        String yaml = """
                node: { id: grpc-test, accessLog: false, drainTimeout: 2s }
                listeners:
                  - { name: h2c, host: 127.0.0.1, port: 0, protocols: [http/1.1, h2c] }
                upstreams:
                  - id: grpc
                    protocol: h2c
                    endpoints: [ { url: "http://127.0.0.1:%d" } ]
                routes:
                  - { id: grpc, match: { pathPrefix: /%s/ }, upstream: grpc }
                """.formatted(grpcServer.getPort(), EchoGrpcService.SERVICE);
        node = new GatewayNode(new ConfigLoader().parse(yaml), InstantSource.system(), AccessLog.OFF);
        node.start();
        direct = channel(grpcServer.getPort());
        viaGateway = channel(node.port("h2c"));
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ManagedChannel c : new ManagedChannel[] {direct, viaGateway}) {
            if (c != null) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (node != null) {
            node.stop();
        }
        if (grpcServer != null) {
            grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Channel channel(Target target) {
        return target == Target.DIRECT ? direct : viaGateway;
    }

    private static CallOptions deadline() {
        return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldReturnTheUnaryResult(Target target) {
        String reply = ClientCalls.blockingUnaryCall(channel(target), EchoGrpcService.UNARY, deadline(), "world");

        assertThat(reply).isEqualTo("hello world");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldStreamEveryMessageInOrder(Target target) {
        Iterator<String> stream = ClientCalls.blockingServerStreamingCall(channel(target), EchoGrpcService.COUNT,
                deadline(), "200");
        List<String> received = new ArrayList<>();
        stream.forEachRemaining(received::add);

        assertThat(received).containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "msg-" + i).toList());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldPassAnErrorStatusWithItsDescriptionAndTrailers(Target target) {
        // No message before the error: grpc-java answers "trailers-only" (one HEADERS frame with END_STREAM).
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel(target), EchoGrpcService.UNARY, deadline(), "missing"));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("no such thing: missing");
        assertThat(e.getTrailers().get(EchoGrpcService.TRAILER)).isEqualTo("Unary");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldPassAnErrorStatusThatFollowsStreamedMessages(Target target) {
        Iterator<String> stream = ClientCalls.blockingServerStreamingCall(channel(target), EchoGrpcService.COUNT,
                deadline(), "fail:3");
        List<String> received = new ArrayList<>();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stream.forEachRemaining(received::add));

        assertThat(received).containsExactly("msg-0", "msg-1", "msg-2");
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("ran out after 3");
        assertThat(e.getTrailers().get(EchoGrpcService.TRAILER)).isEqualTo("Count");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void shouldPassCustomTrailersOfASuccessfulCall(Target target) {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel capturing = ClientInterceptors.intercept(channel(target),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

        String reply = ClientCalls.blockingUnaryCall(capturing, EchoGrpcService.UNARY, deadline(), "trailers");

        assertThat(reply).isEqualTo("hello trailers");
        assertThat(trailers.get()).isNotNull();
        assertThat(trailers.get().get(EchoGrpcService.TRAILER)).isEqualTo("Unary");
        assertThat(trailers.get().get(EchoGrpcService.BINARY_TRAILER)).isEqualTo(EchoGrpcService.BINARY_VALUE);
    }
}
