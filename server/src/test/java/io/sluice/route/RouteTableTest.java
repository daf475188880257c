package io.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.config.ConfigException;
import io.sluice.config.MatchConfig;
import io.sluice.config.RewriteConfig;
import io.sluice.config.RouteConfig;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static final HttpFields NO_HEADERS = HttpFields.EMPTY;

    private static RouteConfig route(String id, MatchConfig match) {
        return new RouteConfig(id, null, match, "users", null);
    }

    private static RouteConfig route(String id, int priority, MatchConfig match) {
        return new RouteConfig(id, priority, match, "users", null);
    }

    private static MatchConfig exact(String path) {
        return new MatchConfig(null, path, null, null, null, null);
    }

    private static MatchConfig prefix(String prefix) {
        return new MatchConfig(null, null, prefix, null, null, null);
    }

    private static MatchConfig template(String template) {
        return new MatchConfig(null, null, null, template, null, null);
    }

    private static MatchConfig prefixOnHosts(String prefix, String... hosts) {
        return new MatchConfig(List.of(hosts), null, prefix, null, null, null);
    }

    private static String winner(RouteTable table, String host, String method, String path, HttpFields headers) {
        RouteMatch match = table.match(host, method, path, headers::get);
        return match == null ? null : match.route().id();
    }

    private static String winner(RouteTable table, String path) {
        return winner(table, "api.example.com", "GET", path, NO_HEADERS);
    }

    // ---- matching ----

    @Test
    void shouldReturnNullWhenNoRouteMatches() {
        RouteTable table = RouteTable.compile(List.of(route("api", prefix("/api"))));

        assertThat(table.match("api.example.com", "GET", "/apix", NO_HEADERS::get)).isNull();
    }

    @Test
    void shouldReturnRouteWithEmptyParamsWhenPrefixMatches() {
        RouteTable table = RouteTable.compile(List.of(route("api", prefix("/api"))));

        RouteMatch match = table.match("api.example.com", "GET", "/api/users", NO_HEADERS::get);

        assertThat(match.route().id()).isEqualTo("api");
        assertThat(match.route().target().upstreamIds().getFirst()).isEqualTo("users");
        assertThat(match.params()).isEmpty();
    }

    @Test
    void shouldReturnCapturedParamsWhenTemplateMatches() {
        RouteTable table = RouteTable.compile(List.of(route("user", template("/users/{id}/orders/{orderId}"))));

        RouteMatch match = table.match("api.example.com", "GET", "/users/42/orders/7", NO_HEADERS::get);

        assertThat(match.params()).isEqualTo(Map.of("id", "42", "orderId", "7"));
    }

    @Test
    void shouldSkipRouteWhenMethodIsNotListed() {
        RouteTable table = RouteTable.compile(List.of(
                route("writes", new MatchConfig(null, null, "/api", null, List.of("POST", "PUT"), null))));

        assertThat(winner(table, "api.example.com", "GET", "/api/x", NO_HEADERS)).isNull();
    }

    @Test
    void shouldTakeRouteWhenMethodIsListed() {
        RouteTable table = RouteTable.compile(List.of(
                route("writes", new MatchConfig(null, null, "/api", null, List.of("POST", "PUT"), null))));

        assertThat(winner(table, "api.example.com", "PUT", "/api/x", NO_HEADERS)).isEqualTo("writes");
    }

    @Test
    void shouldTakeRouteWhenHeaderNameDiffersOnlyInCaseAndValueIsEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("beta", new MatchConfig(null, null, "/api", null, null, Map.of("X-Beta", "on")))));
        HttpFields headers = HttpFields.build().add("x-beta", "on");

        assertThat(winner(table, "api.example.com", "GET", "/api/x", headers)).isEqualTo("beta");
    }

    @Test
    void shouldSkipRouteWhenHeaderValueDiffersInCase() {
        RouteTable table = RouteTable.compile(List.of(
                route("beta", new MatchConfig(null, null, "/api", null, null, Map.of("X-Beta", "on")))));
        HttpFields headers = HttpFields.build().add("X-Beta", "ON");

        assertThat(winner(table, "api.example.com", "GET", "/api/x", headers)).isNull();
    }

    @Test
    void shouldSkipRouteWhenRequiredHeaderIsAbsent() {
        RouteTable table = RouteTable.compile(List.of(
                route("beta", new MatchConfig(null, null, "/api", null, null, Map.of("X-Beta", "on")))));

        assertThat(winner(table, "api.example.com", "GET", "/api/x", NO_HEADERS)).isNull();
    }

    @Test
    void shouldSkipRouteWhenHostDoesNotMatch() {
        RouteTable table = RouteTable.compile(List.of(route("internal", prefixOnHosts("/", "internal.example.com"))));

        assertThat(winner(table, "api.example.com", "GET", "/x", NO_HEADERS)).isNull();
    }

    @Test
    void shouldFallThroughToNextRouteWhenBetterRouteFailsACondition() {
        RouteTable table = RouteTable.compile(List.of(
                route("catch-all", prefix("/")),
                route("writes", new MatchConfig(null, null, "/api", null, List.of("POST"), null))));

        assertThat(winner(table, "api.example.com", "GET", "/api/x", NO_HEADERS)).isEqualTo("catch-all");
    }

    // ---- ordering, one test per documented rule ----

    @Test
    void shouldPreferHigherPriorityWhenItIsLessSpecific() {
        RouteTable table = RouteTable.compile(List.of(
                route("exact", 0, exact("/api/users")),
                route("root", 5, prefix("/"))));

        assertThat(winner(table, "/api/users")).isEqualTo("root");
    }

    @Test
    void shouldPreferExactPathOverPrefixWhenPrioritiesAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("prefix", prefix("/users")),
                route("exact", exact("/users/me"))));

        assertThat(winner(table, "/users/me")).isEqualTo("exact");
    }

    @Test
    void shouldPreferTemplateWithParamOverPrefixWhenPrioritiesAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("prefix", prefix("/users")),
                route("template", template("/users/{id}"))));

        assertThat(winner(table, "/users/42")).isEqualTo("template");
    }

    @Test
    void shouldPreferExactOverTemplateWithParamWhenPrioritiesAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("template", template("/users/{id}")),
                route("exact", exact("/users/me"))));

        assertThat(winner(table, "/users/me")).isEqualTo("exact");
    }

    @Test
    void shouldPreferLongerPrefixWhenBothPrefixesMatch() {
        RouteTable table = RouteTable.compile(List.of(
                route("api", prefix("/api")),
                route("api-v1", prefix("/api/v1"))));

        assertThat(winner(table, "/api/v1/users")).isEqualTo("api-v1");
    }

    @Test
    void shouldPreferTemplateWithMoreLiteralSegmentsWhenBothTemplatesMatch() {
        RouteTable table = RouteTable.compile(List.of(
                route("generic", template("/users/{id}/{section}")),
                route("posts", template("/users/{id}/posts"))));

        assertThat(winner(table, "/users/42/posts")).isEqualTo("posts");
    }

    @Test
    void shouldPreferLongerPrefixOverExactHostWhenPrioritiesAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("short-on-host", prefixOnHosts("/api", "api.example.com")),
                route("long-any-host", prefix("/api/v1"))));

        assertThat(winner(table, "/api/v1/users")).isEqualTo("long-any-host");
    }

    @Test
    void shouldPreferExactHostOverWildcardWhenPathsAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("wildcard", prefixOnHosts("/", "*.example.com")),
                route("exact-host", prefixOnHosts("/", "api.example.com"))));

        assertThat(winner(table, "api.example.com", "GET", "/x", NO_HEADERS)).isEqualTo("exact-host");
    }

    @Test
    void shouldPreferWildcardHostOverAnyHostWhenPathsAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("any-host", prefix("/")),
                route("wildcard", prefixOnHosts("/", "*.example.com"))));

        assertThat(winner(table, "api.example.com", "GET", "/x", NO_HEADERS)).isEqualTo("wildcard");
    }

    @Test
    void shouldPreferRouteWithMethodConditionWhenPathAndHostAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("plain", prefix("/api")),
                route("gets", new MatchConfig(null, null, "/api", null, List.of("GET"), null))));

        assertThat(winner(table, "/api/x")).isEqualTo("gets");
    }

    @Test
    void shouldPreferRouteWithMoreHeaderConditionsWhenPathAndHostAreEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("one", new MatchConfig(null, null, "/api", null, null, Map.of("X-A", "1"))),
                route("two", new MatchConfig(null, null, "/api", null, null, Map.of("X-A", "1", "X-B", "2")))));
        HttpFields headers = HttpFields.build().add("X-A", "1").add("X-B", "2");

        assertThat(winner(table, "api.example.com", "GET", "/api/x", headers)).isEqualTo("two");
    }

    @Test
    void shouldPreferEarlierDeclaredRouteWhenEverythingElseIsEqual() {
        RouteTable table = RouteTable.compile(List.of(
                route("first", prefix("/api")),
                route("second", prefix("/api"))));

        assertThat(winner(table, "/api/x")).isEqualTo("first");
    }

    @Test
    void shouldListRoutesInMatchOrderWhenCompiled() {
        RouteTable table = RouteTable.compile(List.of(
                route("root", prefix("/")),
                route("api", prefix("/api")),
                route("health", exact("/health")),
                route("urgent", 1, prefix("/x"))));

        assertThat(table.routes()).extracting(Route::id).containsExactly("urgent", "health", "api", "root");
        assertThat(table.routes()).extracting(Route::order).containsExactly(3, 2, 1, 0);
    }

    // ---- compile-time validation ----

    @Test
    void shouldNameTemplateFieldWhenTemplateSegmentMixesTextAndParam() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteTable.compile(List.of(
                route("ok", prefix("/ok")),
                route("bad", template("/users/x{id}")))));

        assertThat(e.path()).isEqualTo("routes[1].match.pathTemplate");
        assertThat(e.getMessage()).isEqualTo("routes[1].match.pathTemplate: '/users/x{id}' is invalid: "
                + "'x{id}' mixes text and a parameter: a parameter must be a whole segment");
    }

    @Test
    void shouldNameRewritePathWhenItUsesAParamOfAPrefixMatch() {
        RouteConfig config = new RouteConfig("api", null, prefix("/users"), "users",
                new RewriteConfig(null, "/v2/people/{id}", null, null, null));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteTable.compile(List.of(config)));

        assertThat(e.path()).isEqualTo("routes[0].rewrite.path");
        assertThat(e.getMessage()).isEqualTo("routes[0].rewrite.path: '/v2/people/{id}' is invalid: "
                + "{id} is not a parameter of the match (known: [])");
    }

    @Test
    void shouldNameRewritePathWhenItUsesAParamNotInTheTemplate() {
        RouteConfig config = new RouteConfig("user", null, template("/users/{id}"), "users",
                new RewriteConfig(null, "/v2/people/{userId}", null, null, null));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RouteTable.compile(List.of(config)));

        assertThat(e.path()).isEqualTo("routes[0].rewrite.path");
        assertThat(e.getMessage()).isEqualTo("routes[0].rewrite.path: '/v2/people/{userId}' is invalid: "
                + "{userId} is not a parameter of the match (known: [id])");
    }

    @Test
    void shouldCompileRouteWhenRewritePathUsesTheTemplateParams() {
        RouteConfig config = new RouteConfig("user", null, template("/users/{id}"), "users",
                new RewriteConfig(null, "/v2/people/{id}", null, null, null));

        RouteTable table = RouteTable.compile(List.of(config));

        assertThat(table.routes()).extracting(Route::id).containsExactly("user");
    }
}
