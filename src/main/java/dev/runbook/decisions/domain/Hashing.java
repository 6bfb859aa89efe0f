package dev.runbook.decisions.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 in lower-case hex, the one hash of the audit chain and of model contents. */
public final class Hashing {

    /** Characters encoded at a time when hashing a long text (see {@link #updateUtf8}). */
    private static final int CHUNK = 4096;

    private Hashing() {
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String content) {
        return sha256(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of the lines joined, each followed by a newline, fed one by one rather than copied into one text first. */
    public static String sha256Lines(List<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                updateUtf8(digest, line);
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Feeds {@code text}'s UTF-8 bytes, exactly those of {@code text.getBytes(UTF_8)} (an unpaired surrogate as '?'), a
     * chunk at a time. A record's body is tens of thousands of characters, and getBytes sizes its array for the worst
     * case, three bytes a character, before copying it down: 50-70 KB per record for a hash that needs none of it.
     */
    private static void updateUtf8(MessageDigest digest, String text) {
        if (text.length() <= CHUNK) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(CHUNK);
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * 3);
        int at = 0;
        while (at < text.length()) {
            int take = Math.min(chars.remaining(), text.length() - at);
            text.getChars(at, at + take, chars.array(), chars.position());
            chars.position(chars.position() + take);
            at += take;
            chars.flip();
            // Not the end yet: a pair of surrogates split by the chunk stays in chars for the next one.
            encoder.encode(chars, bytes, at == text.length());
            chars.compact();
            digest.update(bytes.flip());
            bytes.clear();
        }
        encoder.flush(bytes);
        digest.update(bytes.flip());
    }
}
