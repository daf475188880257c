package io.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.ApiKeyConfig;
import io.sluice.config.ApiKeysConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String CI_KEY = "ci-bot-secret-key";
    private final ApiKeys keys = new ApiKeys(new ApiKeysConfig(null, List.of(
            new ApiKeyConfig("reporting", ApiKeys.sha256Hex("reporting-secret")),
            new ApiKeyConfig("ci-bot", ApiKeys.sha256Hex(CI_KEY).toUpperCase()))));

    private Verdict check(String key) {
        return keys.check(new Credentials(null, key, null));
    }

    @Test
    void shouldHashKeysAsSha256Hex() {
        assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldAuthenticateAsTheKeysIdWhenItsHashIsConfigured() {
        assertThat(check(CI_KEY)).isEqualTo(new Verdict.Allowed(new Identity("apikey", "ci-bot")));
        assertThat(check("reporting-secret")).isEqualTo(new Verdict.Allowed(new Identity("apikey", "reporting")));
    }

    @Test
    void shouldRejectKeyWhenItsHashIsNotConfigured() {
        assertThat(check("guess")).isInstanceOf(Verdict.Rejected.class);
        assertThat(check(ApiKeys.sha256Hex(CI_KEY))).as("the stored hash is not a key").isInstanceOf(Verdict.Rejected.class);
    }

    @Test
    void shouldBeAbsentWhenNoKeyIsSent() {
        assertThat(check(null)).isEqualTo(Verdict.ABSENT);
        assertThat(check("")).isEqualTo(Verdict.ABSENT);
    }

    @Test
    void shouldPrintANewKeyWithItsConfigLineWhenRunAsTool() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ApiKeys.main(new String[] {"ci-bot"});
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);

        Matcher key = Pattern.compile("key .*: ([A-Za-z0-9_-]{43})\\n").matcher(printed);
        Matcher line = Pattern.compile("- \\{id: ci-bot, sha256: ([0-9a-f]{64})}").matcher(printed);
        assertThat(key.find()).as(printed).isTrue();
        assertThat(line.find()).as(printed).isTrue();
        assertThat(line.group(1)).isEqualTo(ApiKeys.sha256Hex(key.group(1)));
        assertThat(ApiKeys.newKey()).isNotEqualTo(key.group(1));
    }
}
