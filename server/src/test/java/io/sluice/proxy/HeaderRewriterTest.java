package io.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.HeaderRules;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class HeaderRewriterTest {

    @Test
    void shouldRemoveEveryValueOfHeaderWhenRuleNamesItInAnotherCase() {
        HttpFields.Mutable headers = HttpFields.build().add("Cookie", "a=1").add("cookie", "b=2").add("Accept", "*/*");

        HeaderRewriter.apply(new HeaderRules(null, List.of("COOKIE")), headers);

        assertThat(headers.contains("Cookie")).isFalse();
        assertThat(headers.get("Accept")).isEqualTo("*/*");
    }

    @Test
    void shouldReplaceAllValuesWhenSetNamesAnExistingHeader() {
        HttpFields.Mutable headers = HttpFields.build().add("X-Env", "dev").add("X-Env", "test");

        HeaderRewriter.apply(new HeaderRules(Map.of("X-Env", "prod"), null), headers);

        assertThat(headers.getValuesList("X-Env")).containsExactly("prod");
    }

    @Test
    void shouldAddHeaderWhenSetNamesAMissingHeader() {
        HttpFields.Mutable headers = HttpFields.build().add("Accept", "*/*");

        HeaderRewriter.apply(new HeaderRules(Map.of("X-Gateway", "sluice"), null), headers);

        assertThat(headers.get("X-Gateway")).isEqualTo("sluice");
        assertThat(headers.size()).isEqualTo(2);
    }

    @Test
    void shouldKeepSetValueWhenSameHeaderIsAlsoRemoved() {
        HttpFields.Mutable headers = HttpFields.build().add("X-User", "spoofed");

        HeaderRewriter.apply(new HeaderRules(Map.of("X-User", "verified"), List.of("X-User")), headers);

        assertThat(headers.getValuesList("X-User")).containsExactly("verified");
    }

    @Test
    void shouldLeaveHeadersUntouchedWhenRulesAreEmpty() {
        HttpFields.Mutable headers = HttpFields.build().add("Accept", "*/*").add("X-A", "1");

        HeaderRewriter.apply(HeaderRules.NONE, headers);

        assertThat(headers.stream().map(f -> f.getName() + "=" + f.getValue()).toList()).containsExactly("Accept=*/*", "X-A=1");
    }
}
