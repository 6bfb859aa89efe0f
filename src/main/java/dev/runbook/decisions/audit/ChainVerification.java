package dev.runbook.decisions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The result of walking the hash chain: valid, or the first broken link and what is wrong with it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean valid, long checkedRecords, Long firstSeq, Long lastSeq, BrokenLink brokenAt) {

    public record BrokenLink(long seq, String id, String problem) {
    }
}
