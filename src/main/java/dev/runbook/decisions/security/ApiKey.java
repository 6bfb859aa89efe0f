package dev.runbook.decisions.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys look like {@code rbk_<name>_<secret>}: the name says which stored hash to check, the secret is 32 random
 * bytes. Only {@code sha256:<salt>:<hash>} of the secret is ever stored; keys are compared in constant time.
 */
public final class ApiKey {

    public static final String PREFIX = "rbk_";
    private static final Pattern FORMAT = Pattern.compile("rbk_([a-z0-9][a-z0-9-]{0,62})_([A-Za-z0-9_-]{20,128})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ApiKey() {
    }

    /** A new key for {@code name} and the hash to store for it. */
    public static Issued issue(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("A key name is lower-case letters, digits and '-', at most 63 characters");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + name + "_" + B64.encodeToString(secret);
        return new Issued(name, key, hash(B64.encodeToString(secret)));
    }

    /** The key's name, when the text has the shape of a key. */
    public static Optional<String> nameOf(String key) {
        Matcher matcher = FORMAT.matcher(key == null ? "" : key);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Whether {@code key} is the key whose stored hash is {@code storedHash}. */
    public static boolean matches(String key, String storedHash) {
        Matcher matcher = FORMAT.matcher(key == null ? "" : key);
        String[] parts = storedHash == null ? new String[0] : storedHash.split(":");
        if (!matcher.matches() || parts.length != 3 || !"sha256".equals(parts[0])) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        return MessageDigest.isEqual(digest(salt, matcher.group(2)), Base64.getDecoder().decode(parts[2]));
    }

    static String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "sha256:" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(digest(salt, secret));
    }

    private static byte[] digest(byte[] salt, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A freshly issued key: show {@code key} once, store {@code hash}. */
    public record Issued(String name, String key, String hash) {
    }
}
