package dev.runbook.decisions.act;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends notifications with retries: 429, 5xx and network errors are retried with exponential backoff (the initial
 * wait doubled each time) up to the configured attempts; any other 4xx is final, since sending the same request again
 * cannot fix it. Every attempt is returned for the record.
 * <p>
 * Not SmallRye Fault Tolerance's retry: Quarkus 3.15 ships 6.4, whose programmatic API ({@code FaultTolerance}) is
 * the one 6.7 deprecates and 7.0 removes, and its retry would need three defaults turned off to keep this behaviour
 * (200 ms jitter, a 180 s cap on the whole retry, a 1 min cap on one wait) while the attempt list still has to be
 * collected here, so it would save about ten lines for a new extension.
 */
@ApplicationScoped
public class HttpDelivery {

    private final NotifyConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public HttpDelivery(NotifyConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    public ActionExecutor.Outcome send(OutgoingRequest request) {
        List<ActionExecutor.Attempt> attempts = new ArrayList<>();
        Duration wait = config.initialBackoff();
        for (int number = 1; ; number++) {
            ActionExecutor.Attempt attempt = attempt(request, number);
            attempts.add(attempt);
            boolean retryable = attempt.status() == 0 || attempt.status() == 429 || attempt.status() >= 500;
            if (attempt.status() >= 200 && attempt.status() < 300) {
                return new ActionExecutor.Outcome(true, "delivered (HTTP " + attempt.status() + ")", null, attempts);
            }
            if (!retryable || number >= config.maxAttempts()) {
                return new ActionExecutor.Outcome(false, "not delivered after " + number + " attempt(s): "
                        + (attempt.error() != null ? attempt.error() : "HTTP " + attempt.status()), null, attempts);
            }
            sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private ActionExecutor.Attempt attempt(OutgoingRequest request, int number) {
        Instant at = Instant.now();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(request.uri()).timeout(config.timeout())
                    .header("Content-Type", request.contentType())
                    .POST(HttpRequest.BodyPublishers.ofString(body(request))).build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
            return new ActionExecutor.Attempt(number, at.toString(), response.statusCode(), millis(start),
                    ok ? null : "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        } catch (IOException e) {
            return new ActionExecutor.Attempt(number, at.toString(), 0, millis(start), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionExecutor.Attempt(number, at.toString(), 0, millis(start), "interrupted");
        }
    }

    private String body(OutgoingRequest request) {
        try {
            return json.writeValueAsString(request.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
