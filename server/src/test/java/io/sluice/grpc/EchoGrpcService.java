package io.sluice.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A gRPC service without generated code: String messages through a hand-written marshaller, one
 * unary and one server-streaming method, and an interceptor that adds custom trailers to every
 * call so a test can see whether trailers survive a proxy.
 */
final class EchoGrpcService {

    static final String SERVICE = "sluice.test.Echo";
    static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-trailer", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<byte[]> BINARY_TRAILER = Metadata.Key.of("x-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER);
    static final byte[] BINARY_VALUE = {0, 1, 2, (byte) 0xff};

    /** UTF-8 strings as the message bytes; enough to exercise framing, status and trailers. */
    static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** {@code "x"} answers {@code "hello x"}; {@code "missing"} fails with NOT_FOUND before any message. */
    static final MethodDescriptor<String, String> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
    /** {@code "N"} streams {@code msg-0 .. msg-(N-1)}; {@code "fail:N"} streams N then fails with NOT_FOUND. */
    static final MethodDescriptor<String, String> COUNT = method(MethodDescriptor.MethodType.SERVER_STREAMING, "Count");

    private EchoGrpcService() {
    }

    private static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<String, String>newBuilder(STRING, STRING)
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .build();
    }

    static ServerServiceDefinition definition() {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall(EchoGrpcService::unary))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall(EchoGrpcService::count))
                .build();
        return ServerInterceptors.intercept(service, new TrailerInterceptor());
    }

    private static void unary(String request, StreamObserver<String> out) {
        if (request.equals("missing")) {
            out.onError(Status.NOT_FOUND.withDescription("no such thing: missing").asRuntimeException());
            return;
        }
        out.onNext("hello " + request);
        out.onCompleted();
    }

    private static void count(String request, StreamObserver<String> out) {
        boolean fail = request.startsWith("fail:");
        int n = Integer.parseInt(fail ? request.substring(5) : request);
        for (int i = 0; i < n; i++) {
            out.onNext("msg-" + i);
        }
        if (fail) {
            out.onError(Status.NOT_FOUND.withDescription("ran out after " + n).asRuntimeException());
        } else {
            out.onCompleted();
        }
    }

    /** Adds {@code x-trailer: <method>} and a binary trailer to every call's trailers. */
    private static final class TrailerInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    trailers.put(TRAILER, call.getMethodDescriptor().getBareMethodName());
                    trailers.put(BINARY_TRAILER, BINARY_VALUE);
                    super.close(status, trailers);
                }
            }, headers);
        }
    }
}
