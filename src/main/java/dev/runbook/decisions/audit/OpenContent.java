package dev.runbook.decisions.audit;

import java.util.List;

/**
 * A DECISION record's content as JSON text not yet closed: its pieces, joined, are a JSON object without its closing
 * brace, which the audit log closes with the incident the decision lands on. Kept in pieces so that the decision's
 * text, most of a record and shared with the answer, is copied once, into the record's body: joining Strings makes one
 * array of the exact size, where a builder grew, was copied and was tried for compression, per record.
 */
public record OpenContent(List<String> pieces) {

    public OpenContent {
        pieces = List.copyOf(pieces);
    }

    /** The whole content: the pieces, then the field {@code name} with the JSON text {@code value}, then the brace. */
    public String closedWith(String name, String value) {
        String[] all = pieces.toArray(new String[pieces.size() + 3]);
        all[pieces.size()] = ",\"" + name + "\":";
        all[pieces.size() + 1] = value;
        all[pieces.size() + 2] = "}";
        return String.join("", all);
    }
}
