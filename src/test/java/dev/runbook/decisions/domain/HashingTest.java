package dev.runbook.decisions.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The chain's hash of lines is SHA-256 over their UTF-8 bytes as String.getBytes gives them, each followed by a newline,
 * whatever the text: records written before it encoded long texts a chunk at a time must still verify.
 */
class HashingTest {

    private static final String[] PIECES = {"a", "{\"decision\":", "├─", "│", "→", "ünï", "😀", "\uD83D", "\uDE00", "\n", "\u0000", "€"};

    @Test
    void longAndShortLinesHashAsTheirJoinedBytes() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            List<String> lines = new ArrayList<>();
            for (int line = 0; line < 1 + random.nextInt(4); line++) {
                lines.add(text(random, random.nextInt(round % 2 == 0 ? 40 : 9000)));
            }
            assertEquals(Hashing.sha256(String.join("\n", lines) + "\n"), Hashing.sha256Lines(lines), "round " + round);
        }
    }

    /** A pair of surrogates across the boundary of the encoder's chunk, and unpaired ones at its end and at the text's. */
    @Test
    void surrogatesAtTheChunksEdgesAreTheBytesGetBytesGives() {
        for (int before = 4090; before <= 4100; before++) {
            for (String tail : List.of("😀x", "\uD83Dx", "\uDE00", "😀", "\uD83D")) {
                String text = "a".repeat(before) + tail + "b".repeat(before) + tail;
                assertEquals(Hashing.sha256(text + "\n"), Hashing.sha256Lines(List.of(text)), before + " " + tail);
            }
        }
    }

    private static String text(Random random, int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
