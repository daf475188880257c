package io.sluice.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMatcherTest {

    @Test
    void shouldMatchAnyHostWhenListIsEmpty() {
        HostMatcher any = HostMatcher.of(List.of());

        assertThat(any.matches("whatever.test")).isTrue();
        assertThat(any.matches(null)).isTrue();
    }

    @Test
    void shouldMatchExactNameWhenRequestHostDiffersOnlyInCase() {
        assertThat(HostMatcher.of(List.of("api.example.com")).matches("API.Example.COM")).isTrue();
    }

    @Test
    void shouldNotMatchExactNameWhenRequestHostIsASubdomain() {
        assertThat(HostMatcher.of(List.of("example.com")).matches("api.example.com")).isFalse();
    }

    @Test
    void shouldNotMatchWhenRequestHostIsMissingAndHostsAreListed() {
        assertThat(HostMatcher.of(List.of("api.example.com")).matches(null)).isFalse();
    }

    @Test
    void shouldMatchWildcardWhenHostHasOneMoreLabel() {
        assertThat(HostMatcher.of(List.of("*.example.com")).matches("a.example.com")).isTrue();
    }

    @Test
    void shouldMatchWildcardWhenHostHasSeveralMoreLabels() {
        assertThat(HostMatcher.of(List.of("*.example.com")).matches("a.b.example.com")).isTrue();
    }

    @Test
    void shouldNotMatchWildcardWhenHostIsTheBareDomain() {
        assertThat(HostMatcher.of(List.of("*.example.com")).matches("example.com")).isFalse();
    }

    @Test
    void shouldNotMatchWildcardWhenHostOnlyEndsWithTheSameText() {
        assertThat(HostMatcher.of(List.of("*.example.com")).matches("badexample.com")).isFalse();
    }

    @Test
    void shouldIgnoreConfiguredPortWhenMatchingExactHost() {
        assertThat(HostMatcher.of(List.of("api.example.com:8443")).matches("api.example.com")).isTrue();
    }

    @Test
    void shouldIgnoreConfiguredPortWhenMatchingWildcardHost() {
        assertThat(HostMatcher.of(List.of("*.example.com:8443")).matches("a.example.com")).isTrue();
    }

    @Test
    void shouldSplitExactNamesAndWildcardSuffixesWhenBuilt() {
        HostMatcher m = HostMatcher.of(List.of("api.example.com:8443", "*.example.org"));

        assertThat(m.exact()).containsExactly("api.example.com");
        assertThat(m.suffixes()).containsExactly(".example.org");
    }

    @Test
    void shouldRankExactTwoWildcardOneAnyZero() {
        assertThat(HostMatcher.of(List.of("api.example.com", "*.example.com")).rank()).isEqualTo(2);
        assertThat(HostMatcher.of(List.of("*.example.com")).rank()).isEqualTo(1);
        assertThat(HostMatcher.of(List.of()).rank()).isZero();
    }
}
