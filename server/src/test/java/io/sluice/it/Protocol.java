package io.sluice.it;

import io.sluice.testing.TestPki;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The client-side protocols every proxy test runs over. */
public enum Protocol {
    HTTP_1_1, H2C, H2;

    /** A started client speaking this protocol, trusting the test CA for h2. */
    public HttpClient newClient(TestPki pki) throws Exception {
        ClientConnector connector = new ClientConnector();
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStorePath(pki.trustStore().toString());
        tls.setTrustStorePassword(pki.password());
        tls.setTrustStoreType("PKCS12");
        connector.setSslContextFactory(tls);
        HttpClientTransport transport = this == HTTP_1_1
                ? new HttpClientTransportOverHTTP(connector)
                : new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
        HttpClient client = new HttpClient(transport);
        client.setFollowRedirects(false);
        client.start();
        client.getContentDecoderFactories().clear();
        return client;
    }

    public String baseUri(GatewayFixture gateway) {
        return this == H2 ? "https://localhost:" + gateway.tlsPort() : "http://127.0.0.1:" + gateway.plainPort();
    }
}
