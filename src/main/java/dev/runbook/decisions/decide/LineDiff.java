package dev.runbook.decisions.decide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A unified diff ({@code diff -u}, three lines of context, GNU hunk headers) of two texts, line by line, so a
 * reviewer sees a model draft against another version as a code review would show it. Written here, with Myers'
 * algorithm, because nothing on the classpath offers a line diff and the algorithm is a few dozen lines: a
 * dependency for it would cost more than it saves. Line breaks are not compared (a file saved with CRLF reads as the
 * same lines), and a missing final line break is not marked.
 */
final class LineDiff {

    static final int CONTEXT = 3;

    /**
     * Beyond this many inserted and deleted lines the differing middle is shown as one replacement: the trace Myers'
     * algorithm keeps grows with the square of the edits, and a reviewer gains nothing from a minimal script of a
     * rewritten file.
     */
    static final int MAX_EDITS = 1000;

    private LineDiff() {
    }

    /** The unified diff of {@code before} and {@code after} under the two header labels; empty when no line differs. */
    static String unified(String before, String after, String beforeLabel, String afterLabel) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Op> ops = script(a, b);
        StringBuilder out = new StringBuilder();
        int next = 0;
        while (true) {
            int first = nextChange(ops, next);
            if (first < 0) {
                break;
            }
            int start = Math.max(next, first - CONTEXT);
            int end = endOfChanges(ops, first);
            // a later change within two contexts of this one joins the hunk, so no context line is printed twice
            int following = nextChange(ops, end);
            while (following >= 0 && following - end <= 2 * CONTEXT) {
                end = endOfChanges(ops, following);
                following = nextChange(ops, end);
            }
            int stop = Math.min(ops.size(), end + CONTEXT);
            if (out.isEmpty()) {
                out.append("--- ").append(beforeLabel).append('\n').append("+++ ").append(afterLabel).append('\n');
            }
            hunk(out, ops.subList(start, stop), a, b);
            next = stop;
        }
        return out.toString();
    }

    /** One line of the script: kept (' '), deleted ('-') or inserted ('+'); a and b count the lines of each side before it. */
    private record Op(char kind, int a, int b) {
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\\R", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static List<Op> script(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            ops.add(new Op(' ', i, i));
        }
        List<String> aMiddle = a.subList(prefix, a.size() - suffix);
        List<String> bMiddle = b.subList(prefix, b.size() - suffix);
        List<Op> middle = myers(aMiddle, bMiddle);
        if (middle == null) {
            middle = new ArrayList<>();
            for (int i = 0; i < aMiddle.size(); i++) {
                middle.add(new Op('-', i, 0));
            }
            for (int j = 0; j < bMiddle.size(); j++) {
                middle.add(new Op('+', aMiddle.size(), j));
            }
        }
        for (Op op : middle) {
            ops.add(new Op(op.kind(), op.a() + prefix, op.b() + prefix));
        }
        for (int i = 0; i < suffix; i++) {
            ops.add(new Op(' ', a.size() - suffix + i, b.size() - suffix + i));
        }
        return ops;
    }

    /**
     * Myers' greedy shortest edit script: for each number of edits d, the furthest point reached on each diagonal k
     * (x - y); the state before each d is kept to walk the path back. Null past {@link #MAX_EDITS}.
     */
    private static List<Op> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = Math.min(n + m, MAX_EDITS);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= max; d++) {
            // trace.get(d)[k + d + 1] is v[k] for k in [-d - 1, d + 1], all the step back from d reads
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2));
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(trace, n, m);
                }
            }
        }
        return null;
    }

    private static List<Op> backtrack(List<int[]> trace, int n, int m) {
        List<Op> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int previousK = k == -d || (k != d && v[k - 1 + d + 1] < v[k + 1 + d + 1]) ? k + 1 : k - 1;
            int previousX = v[previousK + d + 1];
            int previousY = previousX - previousK;
            while (x > previousX && y > previousY) {
                x--;
                y--;
                reversed.add(new Op(' ', x, y));
            }
            if (d > 0) {
                reversed.add(x == previousX ? new Op('+', x, y - 1) : new Op('-', x - 1, y));
            }
            x = previousX;
            y = previousY;
        }
        Collections.reverse(reversed);
        return reversed;
    }

    private static int nextChange(List<Op> ops, int from) {
        for (int i = from; i < ops.size(); i++) {
            if (ops.get(i).kind() != ' ') {
                return i;
            }
        }
        return -1;
    }

    private static int endOfChanges(List<Op> ops, int from) {
        int i = from;
        while (i < ops.size() && ops.get(i).kind() != ' ') {
            i++;
        }
        return i;
    }

    private static void hunk(StringBuilder out, List<Op> ops, List<String> a, List<String> b) {
        int aCount = (int) ops.stream().filter(op -> op.kind() != '+').count();
        int bCount = (int) ops.stream().filter(op -> op.kind() != '-').count();
        out.append("@@ -").append(range(ops.get(0).a(), aCount)).append(" +").append(range(ops.get(0).b(), bCount)).append(" @@\n");
        for (Op op : ops) {
            out.append(op.kind()).append(op.kind() == '+' ? b.get(op.b()) : a.get(op.a())).append('\n');
        }
    }

    /** GNU's spelling: the first line and the count, the count left out when 1, an empty range named by the line before it. */
    private static String range(int linesBefore, int count) {
        if (count == 1) {
            return String.valueOf(linesBefore + 1);
        }
        return (count == 0 ? linesBefore : linesBefore + 1) + "," + count;
    }
}
