package dev.runbook.decisions.flow;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.runbook.decisions.decide.Decision;

/**
 * A decision serialised once, as its audit record holds it ({@code record}) and as the answer sends it
 * ({@link #writeAnswerFields}). The two texts differ only where an exact number has trailing zeros (a DMN parameter
 * such as {@code updateEveryMinutes} 10): the record writes it stripped (1E+1), as records always were, the answer as
 * DMN gave it (10). While the record's text is written each such number's place is noted, and the answer is the record's text
 * with those few spans written back; every other byte is shared.
 */
final class DecisionText {

    private final String record;
    private final Spans spans;

    private DecisionText(Spans spans) {
        this.record = spans.written.toString();
        this.spans = spans;
    }

    static DecisionText write(ObjectMapper recordJson, Decision decision) {
        Spans text = new Spans();
        try {
            recordJson.writeValue(text, decision);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new DecisionText(text);
    }

    String record() {
        return record;
    }

    /**
     * Writes the answer's text of the decision without its braces, raw, to {@code out}: the record's text with the
     * numbers it strips written back as DMN gave them. Ranges of the record's text go straight to the answer's
     * generator, so the answer is never a second copy of the record in memory (it was a third of the bytes a decision
     * over HTTP allocated beyond deciding).
     */
    void writeAnswerFields(JsonGenerator out) throws IOException {
        int from = 1;
        for (Span span : spans.spans) {
            out.writeRaw(record, from, span.start() - from);
            out.writeRaw(span.answered());
            from = span.end();
        }
        out.writeRaw(record, from, record.length() - 1 - from);
    }

    /**
     * Writes {@code value} in the record's form (trailing zeros stripped); when that differs from how the service's
     * mapper writes the number and the text is a decision's, notes the span for the answer.
     */
    static void writeRecordNumber(BigDecimal value, JsonGenerator out) throws IOException {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() == value.scale() || !(out.getOutputTarget() instanceof Spans spans)) {
            out.writeNumber(stripped);
            return;
        }
        String recorded = text(stripped, out);
        out.writeNumber(recorded);
        out.flush();
        spans.replaceLast(recorded.length(), text(value, out));
    }

    /** The number as the generator writes a BigDecimal, so both forms follow the service mapper's settings. */
    @SuppressWarnings("deprecation")
    private static String text(BigDecimal value, JsonGenerator out) {
        return out.isEnabled(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN) ? value.toPlainString() : value.toString();
    }

    /** The record's text as it is written, and where the answer's differs from it. */
    private static final class Spans extends Writer {
        private final StringBuilder written = new StringBuilder(4096);
        private final List<Span> spans = new ArrayList<>(4);

        /** The last {@code length} characters written are, in the answer, {@code answered}. */
        void replaceLast(int length, String answered) {
            spans.add(new Span(written.length() - length, written.length(), answered));
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            written.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            written.append(text, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private record Span(int start, int end, String answered) {
    }
}
