package dev.runbook.decisions.config;

import java.util.Set;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * One setting picks the store: {@code runbook.store=h2|postgresql} activates the named datasource of that name (and
 * its Flyway) and deactivates the other, so the same jar switches stores by configuration alone. An explicit
 * {@code quarkus.datasource.<name>.active} still wins.
 */
@Priority(Priorities.APPLICATION + 100)
public class StoreSelectionInterceptor implements ConfigSourceInterceptor {

    public static final String STORE = "runbook.store";
    public static final Set<String> STORES = Set.of("h2", "postgresql");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue explicit = context.proceed(name);
        if (explicit != null) {
            return explicit;
        }
        for (String store : STORES) {
            if (name.equals("quarkus.datasource." + store + ".active") || name.equals("quarkus.flyway." + store + ".active")) {
                ConfigValue selected = context.proceed(STORE);
                String chosen = selected == null ? "h2" : selected.getValue();
                return ConfigValue.builder().withName(name).withValue(String.valueOf(store.equals(chosen))).build();
            }
        }
        return null;
    }
}
