package io.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    private static final String HEX_32 = "[0-9a-f]{32}";

    @Test
    void shouldKeepClientIdWhenItIsVisibleAscii() {
        assertThat(RequestIds.acceptOrCreate("req-42_abc.DEF:7")).isEqualTo("req-42_abc.DEF:7");
    }

    @Test
    void shouldKeepClientIdWhenItIsExactly128Characters() {
        String id = "a".repeat(128);

        assertThat(RequestIds.acceptOrCreate(id)).isEqualTo(id);
    }

    @Test
    void shouldReplaceClientIdWhenItIs129Characters() {
        assertThat(RequestIds.acceptOrCreate("a".repeat(129))).matches(HEX_32);
    }

    @Test
    void shouldReplaceClientIdWhenItContainsASpace() {
        assertThat(RequestIds.acceptOrCreate("req 42")).matches(HEX_32);
    }

    @Test
    void shouldReplaceClientIdWhenItContainsATab() {
        assertThat(RequestIds.acceptOrCreate("req\t42")).matches(HEX_32);
    }

    @Test
    void shouldReplaceClientIdWhenItContainsALineBreak() {
        assertThat(RequestIds.acceptOrCreate("req42\r\nX-Admin: true")).matches(HEX_32);
    }

    @Test
    void shouldReplaceClientIdWhenItContainsDelete() {
        assertThat(RequestIds.acceptOrCreate("req\u007f42")).matches(HEX_32);
    }

    @Test
    void shouldReplaceClientIdWhenItContainsNonAscii() {
        assertThat(RequestIds.acceptOrCreate("req-é")).matches(HEX_32);
    }

    @Test
    void shouldCreateIdWhenClientSentEmptyId() {
        assertThat(RequestIds.acceptOrCreate("")).matches(HEX_32);
    }

    @Test
    void shouldCreateIdWhenClientSentNone() {
        assertThat(RequestIds.acceptOrCreate(null)).matches(HEX_32);
    }

    @Test
    void shouldCreateThirtyTwoLowerCaseHexCharacters() {
        assertThat(RequestIds.create()).hasSize(32).matches(HEX_32);
    }

    @Test
    void shouldCreateDistinctIdsWhenCalledRepeatedly() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.create());
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void shouldUseEveryHexDigitWhenCreatingManyIds() {
        Set<Character> digits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            for (char ch : RequestIds.create().toCharArray()) {
                digits.add(ch);
            }
        }

        assertThat(digits).hasSize(16);
    }
}
