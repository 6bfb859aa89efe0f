package dev.runbook.decisions.act;

import jakarta.enterprise.context.ApplicationScoped;

/** The configured modes: the default, and each alert receiver's own (runbook.act.receiver-mode.NAME). */
@ApplicationScoped
public class ModeSettings {

    private final ActConfig config;

    public ModeSettings(ActConfig config) {
        this.config = config;
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
