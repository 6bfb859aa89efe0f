package dev.runbook.decisions.domain;

/** Where a model version stands: a draft, the one published version of its model, or a version it replaced. */
public enum ModelState {
    DRAFT, PUBLISHED, RETIRED
}
