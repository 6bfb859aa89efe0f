package dev.runbook.decisions.domain;

/** How much harm an action can do if it is wrong (dmn/action-catalogue.dmn); HIGH risk waits for an operator. */
public enum Risk {
    LOW, MEDIUM, HIGH
}
