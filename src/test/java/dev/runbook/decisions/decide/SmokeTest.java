package dev.runbook.decisions.decide;

import java.util.Map;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        long t = System.nanoTime();
        ModelRegistry registry = new ModelRegistry();
        System.out.println("load ms " + (System.nanoTime() - t) / 1e6);
        DecisionService service = new DecisionService(registry);
        Decision d = service.decide(new IncidentFacts(Map.of("service", "ml-model-api", "namespace", "default", "environment", "production",
            "errorRate", new BigDecimal("0.12"), "cpuUtilization", new BigDecimal("0.85"), "customerFacing", true, "databaseMillis", new BigDecimal(300))));
        System.out.println(new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writerWithDefaultPrettyPrinter().writeValueAsString(d));
        t = System.nanoTime();
        for (int i = 0; i < 2000; i++) service.decide(new IncidentFacts(Map.of("service", "x", "errorRate", new BigDecimal("0.12"))));
        System.out.println("per decision us " + (System.nanoTime() - t) / 2000e3);
    }
}
