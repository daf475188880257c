package io.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    /** The names of the fields a proxy would forward, in order, as the proxy handler filters them. */
    private static List<String> forwarded(HttpFields fields) {
        Set<String> named = HopByHop.connectionNamed(fields);
        return fields.stream().filter(f -> HopByHop.forwardable(f, named)).map(HttpField::getName).toList();
    }

    @Test
    void shouldListConnectionTokensLowerCasedWhenConnectionHeaderNamesHeaders() {
        HttpFields fields = HttpFields.build().add("Connection", "Keep-Alive, X-Session-Hint ,close");

        assertThat(HopByHop.connectionNamed(fields)).containsExactlyInAnyOrder("keep-alive", "x-session-hint", "close");
    }

    @Test
    void shouldCollectTokensFromEveryConnectionHeaderWhenThereAreSeveral() {
        HttpFields fields = HttpFields.build().add("Connection", "X-A").add("connection", "X-B");

        assertThat(HopByHop.connectionNamed(fields)).containsExactlyInAnyOrder("x-a", "x-b");
    }

    @Test
    void shouldReturnEmptySetWhenThereIsNoConnectionHeader() {
        assertThat(HopByHop.connectionNamed(HttpFields.build().add("Accept", "*/*"))).isEmpty();
    }

    @Test
    void shouldDropHeaderWhenConnectionNamesItInAnotherCase() {
        HttpFields fields = HttpFields.build()
                .add("Connection", "x-session-hint")
                .add("X-Session-Hint", "abc")
                .add("Accept", "*/*");

        assertThat(forwarded(fields)).containsExactly("Accept");
    }

    @Test
    void shouldDropFixedHopByHopHeadersWhenConnectionDoesNotNameThem() {
        HttpFields fields = HttpFields.build()
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "websocket")
                .add("Trailer", "X-Checksum")
                .add("Proxy-Connection", "keep-alive")
                .add("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .add("Proxy-Authenticate", "Basic")
                .add("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")
                .add("Content-Type", "text/plain");

        assertThat(forwarded(fields)).containsExactly("Content-Type");
    }

    @Test
    void shouldDropConnectionHeaderItself() {
        HttpFields fields = HttpFields.build().add("Connection", "close").add("Accept", "*/*");

        assertThat(forwarded(fields)).containsExactly("Accept");
    }

    @Test
    void shouldDropUnknownProxyPrefixedHeaderWhenNotNamedByConnection() {
        HttpFields fields = HttpFields.build().add("Proxy-Trace-Id", "1").add("X-Proxy-Id", "2");

        assertThat(forwarded(fields)).containsExactly("X-Proxy-Id");
    }

    @Test
    void shouldKeepTeWhenItsValueIsTrailers() {
        HttpField te = new HttpField("TE", "trailers");

        assertThat(HopByHop.forwardable(te, Set.of())).isTrue();
    }

    @Test
    void shouldKeepTeWhenTrailersHasOtherCaseAndSpaces() {
        assertThat(HopByHop.forwardable(new HttpField("TE", " Trailers "), Set.of())).isTrue();
    }

    @Test
    void shouldDropTeWhenItsValueIsGzip() {
        assertThat(HopByHop.forwardable(new HttpField("TE", "gzip"), Set.of())).isFalse();
    }

    @Test
    void shouldDropTeWhenTrailersIsListedWithACoding() {
        assertThat(HopByHop.forwardable(new HttpField("TE", "trailers, deflate"), Set.of())).isFalse();
    }

    @Test
    void shouldKeepEndToEndHeadersWhenConnectionNamesOthers() {
        HttpFields fields = HttpFields.build()
                .add("Connection", "X-Hop")
                .add("Authorization", "Bearer t")
                .add("Cache-Control", "no-cache")
                .add("X-Hop", "1")
                .add("X-Request-Id", "abc");

        assertThat(forwarded(fields)).containsExactly("Authorization", "Cache-Control", "X-Request-Id");
    }
}
