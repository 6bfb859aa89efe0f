package dev.runbook.decisions.flow;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.runbook.decisions.act.ActionRun;
import dev.runbook.decisions.audit.IncidentRef;
import dev.runbook.decisions.decide.Decision;

/**
 * What POST /api/v1/decisions answers: the decision's own fields, then the incident the audit log attached it to and,
 * unless only advising, what carrying out its plan did ({@code execution}). {@code decisionText} is the decision
 * already serialised with its record ({@link DecisionText}), whose answer's text is written as is; null when there is
 * none (a decision read back from its record), and then the decision is serialised here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonSerialize(using = DecisionAnswer.Writer.class)
public record DecisionAnswer(@JsonUnwrapped Decision decision, @JsonIgnore DecisionText decisionText, IncidentRef incident,
                             List<ActionRun> execution) {

    DecisionAnswer withExecution(List<ActionRun> runs) {
        return new DecisionAnswer(decision, decisionText, incident, runs);
    }

    /**
     * The decision's fields, unwrapped, then incident and execution when present. The decision's text goes out raw
     * between the braces; the generator does not see those fields, so the comma before the next one is written here.
     */
    static final class Writer extends StdSerializer<DecisionAnswer> {

        Writer() {
            super(DecisionAnswer.class);
        }

        @Override
        public void serialize(DecisionAnswer answer, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject(answer);
            if (answer.decisionText() == null) {
                provider.findValueSerializer(Decision.class).unwrappingSerializer(null).serialize(answer.decision(), out, provider);
            } else {
                answer.decisionText().writeAnswerFields(out);
                if (answer.incident() != null || answer.execution() != null) {
                    out.writeRaw(',');
                }
            }
            if (answer.incident() != null) {
                provider.defaultSerializeField("incident", answer.incident(), out);
            }
            if (answer.execution() != null) {
                provider.defaultSerializeField("execution", answer.execution(), out);
            }
            out.writeEndObject();
        }
    }
}
