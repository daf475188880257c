package io.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static HttpFields.Mutable forward(HttpFields in, String protocol, String client, String scheme, String host) {
        HttpFields.Mutable out = HttpFields.build();
        for (var field : in) {
            out.add(field);
        }
        ForwardedHeaders.add(out, in, protocol, client, scheme, host, "sluice-edge-1");
        return out;
    }

    @Test
    void shouldSetViaWithProtocolVersionAndPseudonymWhenThereIsNoEarlierHop() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "2", "203.0.113.7", "https", "api.example.com");

        assertThat(out.get("Via")).isEqualTo("2 sluice-edge-1");
    }

    @Test
    void shouldAppendToViaWhenAnEarlierHopAddedOne() {
        HttpFields in = HttpFields.build().add("Via", "1.1 cdn-a");

        HttpFields.Mutable out = forward(in, "1.1", "203.0.113.7", "https", "api.example.com");

        assertThat(out.getValuesList("Via")).containsExactly("1.1 cdn-a, 1.1 sluice-edge-1");
    }

    @Test
    void shouldSetXForwardedForToClientWhenThereIsNoEarlierHop() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "203.0.113.7", "http", null);

        assertThat(out.get("X-Forwarded-For")).isEqualTo("203.0.113.7");
    }

    @Test
    void shouldAppendClientToXForwardedForWhenEarlierHopsAddedIt() {
        HttpFields in = HttpFields.build()
                .add("X-Forwarded-For", "198.51.100.1")
                .add("x-forwarded-for", "198.51.100.2, 198.51.100.3");

        HttpFields.Mutable out = forward(in, "1.1", "203.0.113.7", "http", null);

        assertThat(out.getValuesList("X-Forwarded-For"))
                .containsExactly("198.51.100.1, 198.51.100.2, 198.51.100.3, 203.0.113.7");
    }

    @Test
    void shouldReplaceXForwardedProtoWhenClientSentOne() {
        HttpFields in = HttpFields.build().add("X-Forwarded-Proto", "http");

        HttpFields.Mutable out = forward(in, "1.1", "203.0.113.7", "https", "api.example.com");

        assertThat(out.getValuesList("X-Forwarded-Proto")).containsExactly("https");
    }

    @Test
    void shouldSetXForwardedHostWhenHostIsKnown() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "203.0.113.7", "https", "api.example.com:8443");

        assertThat(out.get("X-Forwarded-Host")).isEqualTo("api.example.com:8443");
    }

    @Test
    void shouldNotSetXForwardedHostWhenHostIsUnknown() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "203.0.113.7", "https", null);

        assertThat(out.contains("X-Forwarded-Host")).isFalse();
    }

    @Test
    void shouldWriteForwardedWithForProtoAndQuotedHostWhenClientIsIpv4() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "203.0.113.7", "https", "api.example.com");

        assertThat(out.get("Forwarded")).isEqualTo("for=203.0.113.7;proto=https;host=\"api.example.com\"");
    }

    @Test
    void shouldQuoteAndBracketIpv6ClientWhenWritingForwarded() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "2001:db8::1", "http", null);

        assertThat(out.get("Forwarded")).isEqualTo("for=\"[2001:db8::1]\";proto=http");
    }

    @Test
    void shouldAppendToForwardedWhenEarlierHopAddedOne() {
        HttpFields in = HttpFields.build().add("Forwarded", "for=198.51.100.1;proto=https");

        HttpFields.Mutable out = forward(in, "1.1", "203.0.113.7", "http", null);

        assertThat(out.getValuesList("Forwarded"))
                .containsExactly("for=198.51.100.1;proto=https, for=203.0.113.7;proto=http");
    }

    @Test
    void shouldDropQuotesFromHostWhenWritingForwarded() {
        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", "203.0.113.7", "http", "evil\"x");

        assertThat(out.get("Forwarded")).isEqualTo("for=203.0.113.7;proto=http;host=\"evilx\"");
    }

    @Test
    void shouldBracketIpv6ClientOnceWhenAddressComesFromJetty() throws UnknownHostException {
        String jettyRemoteAddr = org.eclipse.jetty.server.Request.getHostName(
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 51000));

        HttpFields.Mutable out = forward(HttpFields.EMPTY, "1.1", jettyRemoteAddr, "http", null);

        assertThat(out.get("Forwarded")).isEqualTo("for=\"[2001:db8:0:0:0:0:0:1]\";proto=http");
        assertThat(out.get("X-Forwarded-For")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }
}
