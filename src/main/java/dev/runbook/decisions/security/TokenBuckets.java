package dev.runbook.decisions.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One token bucket per principal: {@code burst} requests at once, refilled at {@code requests-per-second}. A request
 * that finds the bucket empty is told how long until the next token.
 */
@Singleton
public class TokenBuckets {

    private final double ratePerNano;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(@ConfigProperty(name = "runbook.security.rate-limit.requests-per-second") double perSecond,
                        @ConfigProperty(name = "runbook.security.rate-limit.burst") int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalStateException("runbook.security.rate-limit needs requests-per-second > 0 and burst >= 1");
        }
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** 0 when the request may go ahead, else the whole seconds to wait before the next one will. */
    public long take(String principal) {
        return buckets.computeIfAbsent(principal, p -> new Bucket(burst, System.nanoTime())).take(ratePerNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(double ratePerNano, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e9));
        }
    }
}
