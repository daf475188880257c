package io.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<SseParser.Message> messages = new ArrayList<>();
    private final SseParser parser = new SseParser(messages::add);

    private void feed(String stream) throws Exception {
        parser.readAll(new BufferedReader(new StringReader(stream)));
    }

    @Test
    void shouldDispatchEventIdAndDataWhenABlankLineEndsTheMessage() throws Exception {
        feed("event: trace\nid: 7\ndata: {\"a\":1}\n\n");

        assertThat(messages).containsExactly(new SseParser.Message("trace", "7", "{\"a\":1}"));
    }

    @Test
    void shouldJoinDataLinesWithNewlinesWhenAMessageHasSeveral() throws Exception {
        feed("data: first\ndata:second\ndata\n\n");

        assertThat(messages).containsExactly(new SseParser.Message("message", "", "first\nsecond\n"));
    }

    @Test
    void shouldDropOnlyOneLeadingSpaceWhenReadingAValue() throws Exception {
        feed("data:   indented\n\n");

        assertThat(messages.getFirst().data()).isEqualTo("  indented");
    }

    @Test
    void shouldIgnoreCommentsAndUnknownFieldsWhenTheyComeBetweenFields() throws Exception {
        feed(": keep-alive\nevent: metrics\nfoo: bar\n: another\ndata: x\n\n:\n\n");

        assertThat(messages).containsExactly(new SseParser.Message("metrics", "", "x"));
    }

    @Test
    void shouldKeepTheLastIdWhenLaterMessagesCarryNone() throws Exception {
        feed("id: 41\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");

        assertThat(messages).extracting(SseParser.Message::id).containsExactly("41", "41", "");
    }

    @Test
    void shouldNotDispatchWhenAMessageHasNoData() throws Exception {
        feed("event: breaker\n\ndata: d\n\n");

        assertThat(messages).containsExactly(new SseParser.Message("message", "", "d"));
    }

    @Test
    void shouldSplitLinesOnCrLfAndLoneCrWhenTheServerUsesThem() throws Exception {
        feed("event: config\r\ndata: one\r\n\r\nevent: health\rdata: two\r\r");

        assertThat(messages).containsExactly(new SseParser.Message("config", "", "one"),
                new SseParser.Message("health", "", "two"));
    }

    @Test
    void shouldDropAMessageWhenTheStreamEndsBeforeItsBlankLine() throws Exception {
        feed("data: complete\n\ndata: cut off\n");

        assertThat(messages).extracting(SseParser.Message::data).containsExactly("complete");
    }

    @Test
    void shouldSkipAByteOrderMarkWhenTheStreamStartsWithOne() throws Exception {
        feed("\uFEFFevent: dropped\ndata: 3\n\n");

        assertThat(messages.getFirst().event()).isEqualTo("dropped");
    }

    @Test
    void shouldRememberRetryWhenItIsANumber() throws Exception {
        feed("retry: 2500\nretry: soon\n\n");

        assertThat(parser.retryMillis()).isEqualTo(2500);
        assertThat(messages).isEmpty();
    }
}
