package dev.runbook.decisions.audit;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a newest-first listing; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /** The page of {@code rows}, read with one row more than {@code limit} to know whether another page follows. */
    static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> seq) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(page), more ? Cursor.encode(seq.applyAsLong(page.get(page.size() - 1))) : null);
    }

    <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
