package io.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    // ---- exact ----

    @Test
    void shouldMatchWithNoParamsWhenPathIsIdentical() {
        assertThat(PathPattern.exact("/health").match("/health")).isEqualTo(Map.of());
    }

    @Test
    void shouldNotMatchExactWhenPathHasTrailingSlash() {
        assertThat(PathPattern.exact("/health").match("/health/")).isNull();
    }

    @Test
    void shouldNotMatchExactWhenPathIsLonger() {
        assertThat(PathPattern.exact("/health").match("/health/live")).isNull();
    }

    // ---- prefix ----

    @Test
    void shouldMatchPrefixWhenPathEqualsPrefix() {
        assertThat(PathPattern.prefix("/api").match("/api")).isEqualTo(Map.of());
    }

    @Test
    void shouldMatchPrefixWhenPathIsPrefixPlusSlash() {
        assertThat(PathPattern.prefix("/api").match("/api/")).isEqualTo(Map.of());
    }

    @Test
    void shouldMatchPrefixWhenPathContinuesWithASegment() {
        assertThat(PathPattern.prefix("/api").match("/api/x")).isEqualTo(Map.of());
    }

    @Test
    void shouldNotMatchPrefixWhenPathContinuesInsideTheSameSegment() {
        assertThat(PathPattern.prefix("/api").match("/apix")).isNull();
    }

    @Test
    void shouldNotMatchPrefixWhenPathIsShorter() {
        assertThat(PathPattern.prefix("/api").match("/ap")).isNull();
    }

    @Test
    void shouldMatchSlashEndedPrefixWhenPathIsBelowIt() {
        assertThat(PathPattern.prefix("/api/").match("/api/x/y")).isEqualTo(Map.of());
    }

    @Test
    void shouldNotMatchSlashEndedPrefixWhenPathLacksTheSlash() {
        assertThat(PathPattern.prefix("/api/").match("/api")).isNull();
    }

    @Test
    void shouldMatchEveryPathWhenPrefixIsRoot() {
        assertThat(PathPattern.prefix("/").match("/anything/at/all")).isEqualTo(Map.of());
    }

    // ---- template matching ----

    @Test
    void shouldCaptureParamWhenSegmentCountMatches() {
        assertThat(PathPattern.template("/users/{id}").match("/users/42")).isEqualTo(Map.of("id", "42"));
    }

    @Test
    void shouldCaptureEveryParamWhenTemplateHasSeveral() {
        assertThat(PathPattern.template("/users/{userId}/posts/{postId}").match("/users/7/posts/99"))
                .isEqualTo(Map.of("userId", "7", "postId", "99"));
    }

    @Test
    void shouldNotMatchTemplateWhenPathHasAnExtraSegment() {
        assertThat(PathPattern.template("/users/{id}").match("/users/42/orders")).isNull();
    }

    @Test
    void shouldNotMatchTemplateWhenPathHasATrailingSlash() {
        assertThat(PathPattern.template("/users/{id}").match("/users/42/")).isNull();
    }

    @Test
    void shouldNotMatchTemplateWhenPathHasTooFewSegments() {
        assertThat(PathPattern.template("/users/{id}").match("/users")).isNull();
    }

    @Test
    void shouldNotMatchTemplateWhenParamSegmentIsEmpty() {
        assertThat(PathPattern.template("/users/{id}").match("/users/")).isNull();
    }

    @Test
    void shouldNotMatchTemplateWhenLiteralSegmentDiffers() {
        assertThat(PathPattern.template("/users/{id}").match("/people/42")).isNull();
    }

    @Test
    void shouldNotMatchTemplateWhenPathIsRelative() {
        assertThat(PathPattern.template("/users/{id}").match("users/42")).isNull();
    }

    // ---- template parsing ----

    @Test
    void shouldBuildTemplateWithNullLiteralForEachParamWhenParsed() {
        PathPattern.Template t = (PathPattern.Template) PathPattern.template("/users/{id}/posts");

        assertThat(t.literals()).containsExactly("users", null, "posts");
        assertThat(t.names()).containsExactly(null, "id", null);
    }

    @Test
    void shouldParseLiteralOnlyTemplateWhenItHasNoParam() {
        PathPattern pattern = PathPattern.template("/users/me");

        assertThat(pattern.match("/users/me")).isEqualTo(Map.of());
        assertThat(pattern.match("/users/me/x")).isNull();
    }

    @Test
    void shouldRejectSegmentWhenItMixesTextAndAParam() {
        assertThatThrownBy(() -> PathPattern.template("/users/x{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'x{id}' mixes text and a parameter: a parameter must be a whole segment");
    }

    @Test
    void shouldRejectParamWhenNameStartsWithADigit() {
        assertThatThrownBy(() -> PathPattern.template("/users/{1id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{1id}' is not a template parameter: use {name} with letters, digits, _");
    }

    @Test
    void shouldRejectParamWhenNameAppearsTwice() {
        assertThatThrownBy(() -> PathPattern.template("/a/{id}/b/{id}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter {id} appears twice");
    }

    // ---- ranking ----

    @Test
    void shouldRankExactAboveTemplateAbovePrefix() {
        assertThat(PathPattern.exact("/a").kindRank()).isEqualTo(3);
        assertThat(PathPattern.template("/a/{b}").kindRank()).isEqualTo(2);
        assertThat(PathPattern.prefix("/a").kindRank()).isEqualTo(1);
    }

    @Test
    void shouldWeighPrefixByItsLength() {
        assertThat(PathPattern.prefix("/api/v1").weight()).isEqualTo(7);
    }

    @Test
    void shouldWeighTemplateByLiteralSegmentsFirstThenSegmentCount() {
        assertThat(PathPattern.template("/users/{id}/posts").weight()).isEqualTo(2 * 100 + 3);
        assertThat(PathPattern.template("/users/{id}/{sub}").weight()).isEqualTo(1 * 100 + 3);
    }
}
