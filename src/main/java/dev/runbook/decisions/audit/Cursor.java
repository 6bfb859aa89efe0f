package dev.runbook.decisions.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Opaque page cursors: the sequence number to continue below, so pages stay stable while new records arrive. */
public final class Cursor {

    private static final String PREFIX = "seq:";

    private Cursor() {
    }

    public static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence number in a cursor, or empty when the text is not a cursor this service issued. */
    public static Optional<Long> decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                return Optional.empty();
            }
            long seq = Long.parseLong(text.substring(PREFIX.length()));
            return seq > 0 ? Optional.of(seq) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
