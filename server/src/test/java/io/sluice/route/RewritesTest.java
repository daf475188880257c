package io.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.RewriteConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RewritesTest {

    private static final RewriteConfig STRIP = new RewriteConfig(true, null, null, null, null);

    private static Route route(PathPattern path, RewriteConfig rewrite) {
        return new Route("r", 0, HostMatcher.of(List.of()), path, Set.of(), Map.of(), "users", rewrite, 0);
    }

    private static RewriteConfig toPath(String template) {
        return new RewriteConfig(null, template, null, null, null);
    }

    // ---- stripPrefix ----

    @Test
    void shouldStripWholeEncodedSegmentWhenPrefixMatchedItsDecodedForm() {
        Route r = route(PathPattern.prefix("/api"), STRIP);
        assertThat(Rewrites.upstreamPath(r, Map.of(), "/%61pi/users")).isEqualTo("/users");
    }

    @Test
    void shouldStripSegmentWithParametersWhenPrefixMatchedIt() {
        Route r = route(PathPattern.prefix("/api/v1"), STRIP);
        assertThat(Rewrites.upstreamPath(r, Map.of(), "/api;x=1/v1/orders?q")).isEqualTo("/orders?q");
    }

    @Test
    void shouldSendRootWhenStrippedPathEqualsPrefix() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api"), STRIP), Map.of(), "/api")).isEqualTo("/");
    }

    @Test
    void shouldSendRootWhenStrippedPathIsPrefixPlusSlash() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api"), STRIP), Map.of(), "/api/")).isEqualTo("/");
    }

    @Test
    void shouldKeepRestWithLeadingSlashWhenPathContinuesBelowPrefix() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api"), STRIP), Map.of(), "/api/x/y")).isEqualTo("/x/y");
    }

    @Test
    void shouldKeepLeadingSlashWhenPrefixEndsWithSlash() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api/"), STRIP), Map.of(), "/api/x")).isEqualTo("/x");
    }

    @Test
    void shouldSendRootWhenPathEqualsSlashEndedPrefix() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api/"), STRIP), Map.of(), "/api/")).isEqualTo("/");
    }

    @Test
    void shouldPassEncodedBytesUnchangedWhenStrippingPrefix() {
        assertThat(Rewrites.upstreamPath(route(PathPattern.prefix("/api"), STRIP), Map.of(), "/api/a%20b%2Fc"))
                .isEqualTo("/a%20b%2Fc");
    }

    // ---- path template ----

    @Test
    void shouldSubstituteParamWhenRewritePathUsesIt() {
        Route route = route(PathPattern.prefix("/users"), toPath("/v2/people/{id}"));

        assertThat(Rewrites.upstreamPath(route, Map.of("id", "42"), "/users/42")).isEqualTo("/v2/people/42");
    }

    @Test
    void shouldSubstituteEveryParamWhenRewritePathUsesSeveral() {
        Route route = route(PathPattern.prefix("/u"), toPath("/orders/{orderId}/of/{id}"));

        assertThat(Rewrites.upstreamPath(route, Map.of("id", "7", "orderId", "99"), "/u/7/o/99"))
                .isEqualTo("/orders/99/of/7");
    }

    @Test
    void shouldPercentEncodeParamWhenValueHasSpaceQuestionMarkPercentAndNonAscii() {
        Route route = route(PathPattern.prefix("/users"), toPath("/v2/people/{id}"));

        assertThat(Rewrites.upstreamPath(route, Map.of("id", "jo é?50%"), "/users/x"))
                .isEqualTo("/v2/people/jo%20%C3%A9%3F50%25");
    }

    @Test
    void shouldNotExpandPlaceholderTextWhenAParamValueContainsIt() {
        Route route = route(PathPattern.prefix("/x"), toPath("/{a}/{b}"));

        assertThat(Rewrites.upstreamPath(route, Map.of("a", "{b}", "b", "two"), "/x"))
                .isEqualTo("/%7Bb%7D/two");
    }

    @Test
    void shouldReplaceEveryOccurrenceWhenParamIsUsedTwice() {
        Route route = route(PathPattern.prefix("/x"), toPath("/{id}/copy/{id}"));

        assertThat(Rewrites.upstreamPath(route, Map.of("id", "5"), "/x")).isEqualTo("/5/copy/5");
    }

    // ---- unchanged ----

    @Test
    void shouldReturnRawPathUnchangedWhenRouteHasNoRewrite() {
        Route route = route(PathPattern.prefix("/api"), RewriteConfig.NONE);

        assertThat(Rewrites.upstreamPath(route, Map.of(), "/api/a%2Fb")).isEqualTo("/api/a%2Fb");
    }

    @Test
    void shouldNotStripWhenRouteIsNotAPrefixRoute() {
        Route route = route(PathPattern.exact("/api/x"), STRIP);

        assertThat(Rewrites.upstreamPath(route, Map.of(), "/api/x")).isEqualTo("/api/x");
    }
}
