package dev.runbook.decisions.support;

/** The API keys of the test profile: one per role. Their salted hashes are the %test keys in application.properties. */
public final class TestKeys {

    public static final String ADMIN = "rbk_test-admin_C1buuKBP84Um2NDG_heXpe9emWh9l2DHartyc19Xa7g";
    public static final String EVALUATOR = "rbk_test-evaluator_hjFfx24yIKOta9EN7QgXLAWsYCcEH9cYbNjUl3UtKzo";
    public static final String OPERATOR = "rbk_test-operator_zGQtmfmBUBPOpLN5kGiQfwm_L-zbCcbEsALA79PcDdg";
    public static final String EDITOR = "rbk_test-editor_elHWfZdRLIJbbwgb_nqrYh_qwFvX8ZzYL2EmE0_a78I";
    public static final String AUDITOR = "rbk_test-auditor_dnvY3v4sItKJM4Faee_gvQZjDREA4YaMQUOqXc4OuyQ";

    private TestKeys() {
    }
}
