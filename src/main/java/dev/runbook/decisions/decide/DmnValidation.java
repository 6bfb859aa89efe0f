package dev.runbook.decisions.decide;

import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Singleton;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.validation.DMNValidator;
import org.kie.dmn.validation.DMNValidatorFactory;

import dev.runbook.decisions.ingest.SafeXml;

/**
 * Validates a DMN document as an editor would before proposing it: XML safety first (see {@link SafeXml}), then
 * schema, model semantics, compilation and decision-table analysis (gaps and overlaps).
 */
@Singleton
public class DmnValidation {

    private final DMNValidator validator = DMNValidatorFactory.newValidator();

    public Report validate(byte[] dmn) {
        SafeXml.check(dmn);
        List<DMNMessage> messages = validator.validateUsing(DMNValidator.Validation.VALIDATE_SCHEMA,
                        DMNValidator.Validation.VALIDATE_MODEL, DMNValidator.Validation.VALIDATE_COMPILATION,
                        DMNValidator.Validation.ANALYZE_DECISION_TABLE)
                .theseModels(new InputStreamReader(new ByteArrayInputStream(dmn), StandardCharsets.UTF_8));
        List<Message> found = messages.stream()
                .map(m -> new Message(m.getLevel().name(), m.getSourceId(), m.getText())).toList();
        return new Report(found.stream().noneMatch(m -> "ERROR".equals(m.severity())), found);
    }

    /** {@code valid} when no message is an ERROR; warnings (such as table gaps) are reported all the same. */
    public record Report(boolean valid, List<Message> messages) {
    }

    public record Message(String severity, String sourceId, String text) {
    }
}
