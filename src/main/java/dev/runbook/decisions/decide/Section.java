package dev.runbook.decisions.decide;

/** A runbook section whose procedure applies: the incident's own, or one the flowcharts route to. */
public record Section(String name) {

    public String getName() {
        return name;
    }
}
