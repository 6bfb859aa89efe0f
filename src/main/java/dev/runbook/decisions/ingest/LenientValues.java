package dev.runbook.decisions.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads the text of an alert label or annotation as the JSON value of a fact, in the fact's own unit:
 * "12%" is 0.12 of a fraction, "1.4s" is 1.4 seconds or 1400 milliseconds, "2h" is 120 minutes, "2Gi" is 2147483648
 * bytes, "yes" is true. Prometheus renders values such as "1.2e-01"; those read as numbers too.
 */
public final class LenientValues {

    private static final Pattern NUMBER = Pattern.compile("\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([a-zA-Z%]*)\\s*");
    private static final Map<String, BigDecimal> SECONDS = Map.of("", BigDecimal.ONE, "s", BigDecimal.ONE,
            "ms", new BigDecimal("0.001"), "us", new BigDecimal("0.000001"), "m", BigDecimal.valueOf(60), "h", BigDecimal.valueOf(3600));
    /*
     * Not Fabric8's Quantity, which reads only Kubernetes' own spelling: alerts say "1.5GB", "2gi" and "512 MB",
     * which it refuses, and it reads a lowercase "m" as milli where a size label means mega.
     */
    private static final Map<String, BigDecimal> BYTES = Map.ofEntries(Map.entry("", BigDecimal.ONE), Map.entry("b", BigDecimal.ONE),
            Map.entry("k", BigDecimal.valueOf(1000)), Map.entry("kb", BigDecimal.valueOf(1000)), Map.entry("ki", BigDecimal.valueOf(1024)),
            Map.entry("kib", BigDecimal.valueOf(1024)), Map.entry("m", BigDecimal.valueOf(1_000_000)), Map.entry("mb", BigDecimal.valueOf(1_000_000)),
            Map.entry("mi", BigDecimal.valueOf(1L << 20)), Map.entry("mib", BigDecimal.valueOf(1L << 20)),
            Map.entry("g", BigDecimal.valueOf(1_000_000_000)), Map.entry("gb", BigDecimal.valueOf(1_000_000_000)),
            Map.entry("gi", BigDecimal.valueOf(1L << 30)), Map.entry("gib", BigDecimal.valueOf(1L << 30)));

    private LenientValues() {
    }

    /** The value as the fact's JSON value, or empty when the text cannot be read in that unit. */
    public static Optional<JsonNode> read(String fact, String text) {
        FactRule rule = FactSchema.RULES.get(fact);
        if (rule instanceof FactRule.Flag) {
            return flag(text);
        }
        if (!(rule instanceof FactRule.Number)) {
            return Optional.of(TextNode.valueOf(text.trim()));
        }
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String suffix = matcher.group(2).toLowerCase(Locale.ROOT);
        return scale(FactSchema.UNITS.getOrDefault(fact, FactSchema.Unit.PLAIN), number, suffix).map(DecimalNode::valueOf);
    }

    private static Optional<BigDecimal> scale(FactSchema.Unit unit, BigDecimal number, String suffix) {
        return switch (unit) {
            case FRACTION -> suffix.equals("%") ? Optional.of(number.movePointLeft(2))
                    : suffix.isEmpty() ? Optional.of(number) : Optional.empty();
            case SECONDS -> factor(SECONDS, suffix).map(number::multiply);
            case MILLIS -> factor(SECONDS, suffix.isEmpty() ? "ms" : suffix).map(f -> number.multiply(f).movePointRight(3));
            case MINUTES -> factor(SECONDS, suffix.isEmpty() ? "m" : suffix).map(f -> number.multiply(f).divide(BigDecimal.valueOf(60), MathContext.DECIMAL64));
            case BYTES -> factor(BYTES, suffix).map(number::multiply);
            case PLAIN -> suffix.isEmpty() ? Optional.of(number) : Optional.empty();
        };
    }

    private static Optional<BigDecimal> factor(Map<String, BigDecimal> factors, String suffix) {
        return Optional.ofNullable(factors.get(suffix));
    }

    private static Optional<JsonNode> flag(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> Optional.of(BooleanNode.TRUE);
            case "false", "no", "0", "off" -> Optional.of(BooleanNode.FALSE);
            default -> Optional.empty();
        };
    }
}
