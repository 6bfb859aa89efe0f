package dev.runbook.decisions.act;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import dev.runbook.decisions.domain.Mode;

/** The configured modes: the default, and each alert receiver's own (runbook.act.receiver-mode.NAME). */
@ApplicationScoped
public class ModeSettings {

    private final ActConfig config;

    public ModeSettings(ActConfig config) {
        this.config = config;
    }

    /** A misspelt mode stops the start, naming the key, rather than failing alerts one by one later. */
    void check(@Observes StartupEvent event) {
        defaultMode();
        config.receiverMode().keySet().forEach(this::forReceiver);
    }

    public Mode defaultMode() {
        return parse("runbook.act.default-mode", config.defaultMode());
    }

    public Mode forReceiver(String receiver) {
        String configured = receiver == null ? null : config.receiverMode().get(receiver);
        return configured == null ? defaultMode() : parse("runbook.act.receiver-mode." + receiver, configured);
    }

    private static Mode parse(String key, String value) {
        Mode mode = Mode.parse(value);
        if (mode == null) {
            throw new IllegalStateException(key + "=" + value + " is not one of " + Mode.NAMES);
        }
        return mode;
    }
}
