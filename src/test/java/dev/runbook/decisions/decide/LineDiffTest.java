package dev.runbook.decisions.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The unified diff, held to what GNU {@code diff -u} prints for the same two files (its hunks, below its header). */
class LineDiffTest {

    private static final String HEADER = "--- before\n+++ after\n";

    @Test
    void changesSixLinesApartShareAHunkAndSevenApartDoNot() {
        String before = numbers(1, 20);

        assertEquals(HEADER + """
                @@ -1,14 +1,14 @@
                 1
                 2
                 3
                -4
                +four
                 5
                 6
                 7
                 8
                 9
                 10
                -11
                +eleven
                 12
                 13
                 14
                @@ -16,5 +16,5 @@
                 16
                 17
                 18
                -19
                +nineteen
                 20
                """, diff(before, before.replace("\n4\n", "\nfour\n").replace("\n11\n", "\neleven\n").replace("\n19\n", "\nnineteen\n")));
    }

    @Test
    void deletionAtTheStartAndInsertionAtTheEnd() {
        assertEquals(HEADER + """
                @@ -1,5 +1,5 @@
                -1
                 2
                 3
                 4
                 5
                +6
                """, diff(numbers(1, 5), numbers(2, 6)));
    }

    @Test
    void anEmptyRangeIsNamedByTheLineBeforeIt() {
        assertEquals(HEADER + "@@ -0,0 +1,2 @@\n+a\n+b\n", diff("", "a\nb\n"));
        assertEquals(HEADER + "@@ -1 +1 @@\n-a\n+b\n", diff("a\n", "b"));
    }

    @Test
    void lineBreaksAreNotCompared() {
        assertEquals("", diff("a\nb\n", "a\r\nb\r\n"));
    }

    @Test
    void aRewriteBeyondTheEditLimitIsOneReplacement() {
        String before = numbers(1, LineDiff.MAX_EDITS);
        String after = numbers(1, LineDiff.MAX_EDITS).replaceAll("(?m)^", "x");

        assertEquals(HEADER + "@@ -1," + (LineDiff.MAX_EDITS + 1) + " +1," + (LineDiff.MAX_EDITS + 1) + " @@\n same\n"
                + before.replaceAll("(?m)^(?=.)", "-") + after.replaceAll("(?m)^(?=.)", "+"), diff("same\n" + before, "same\n" + after));
    }

    private static String diff(String before, String after) {
        return LineDiff.unified(before, after, "before", "after");
    }

    private static String numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> i + "\n").collect(Collectors.joining());
    }
}
