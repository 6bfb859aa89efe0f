package dev.runbook.decisions.audit;

import java.util.List;

/** One page of a newest-first listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
}
