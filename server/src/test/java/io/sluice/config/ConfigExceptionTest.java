package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

    @Test
    void shouldJoinWithDotWhenPrefixingAFieldPath() {
        ConfigException e = ConfigException.invalid("connect", "0s", "must be positive").under("upstreams[0].timeouts");

        assertThat(e.path()).isEqualTo("upstreams[0].timeouts.connect");
        assertThat(e.getMessage()).isEqualTo("upstreams[0].timeouts.connect: '0s' is invalid: must be positive");
    }

    @Test
    void shouldJoinWithoutDotWhenPrefixingAnIndexPath() {
        ConfigException e = new ConfigException("[2].url", "is required").under("endpoints");

        assertThat(e.path()).isEqualTo("endpoints[2].url");
    }

    @Test
    void shouldTakePrefixAsPathWhenPathIsEmpty() {
        ConfigException e = new ConfigException("", "bad").under("routes[0]");

        assertThat(e.path()).isEqualTo("routes[0]");
        assertThat(e.getMessage()).isEqualTo("routes[0]: bad");
    }

    @Test
    void shouldReturnSameExceptionWhenPrefixIsEmpty() {
        ConfigException e = ConfigException.missing("id");

        assertThat(e.under("")).isSameAs(e);
    }

    @Test
    void shouldUseReasonAloneAsMessageWhenPathIsEmpty() {
        ConfigException e = new ConfigException(null, "the config is empty");

        assertThat(e.path()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("the config is empty");
        assertThat(e.reason()).isEqualTo("the config is empty");
    }

    @Test
    void shouldSayIsRequiredWhenFieldIsMissing() {
        assertThat(ConfigException.missing("id").getMessage()).isEqualTo("id: is required");
    }
}
