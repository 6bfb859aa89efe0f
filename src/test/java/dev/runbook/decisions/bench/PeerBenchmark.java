package dev.runbook.decisions.bench;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.runbook.decisions.decide.DmnModel;

/**
 * The same DMN file (bench/severity-peer.dmn: the severity table as both engines read it) evaluated by our Drools
 * model, by the Camunda DMN engine and by Operaton (its fork), on an input that matches its third row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PeerBenchmark {

    static final String FILE = "bench/severity-peer.dmn";

    private DmnModel drools;
    private Map<String, Object> droolsInput;
    private DmnEngine camunda;
    private DmnDecision camundaDecision;
    private Map<String, Object> camundaInput;
    private org.operaton.bpm.dmn.engine.DmnEngine operaton;
    private org.operaton.bpm.dmn.engine.DmnDecision operatonDecision;
    private Map<String, Object> operatonInput;

    @Setup
    public void setUp() {
        byte[] dmn = Shared.file(FILE);
        drools = Shared.compile("severity-peer.dmn", dmn);
        droolsInput = new HashMap<>();
        droolsInput.put("productionOutage", false);
        droolsInput.put("errorRate", new java.math.BigDecimal("0.07"));
        droolsInput.put("productionTrafficAffected", false);
        droolsInput.put("userImpact", false);
        camunda = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        camundaDecision = camunda.parseDecisions(new ByteArrayInputStream(dmn)).get(0);
        camundaInput = Variables.createVariables().putValue("productionOutage", false).putValue("errorRate", 0.07)
                .putValue("productionTrafficAffected", false).putValue("userImpact", false);
        operaton = org.operaton.bpm.dmn.engine.DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        operatonDecision = operaton.parseDecisions(new ByteArrayInputStream(dmn)).get(0);
        operatonInput = org.operaton.bpm.engine.variable.Variables.createVariables().putValue("productionOutage", false)
                .putValue("errorRate", 0.07).putValue("productionTrafficAffected", false).putValue("userImpact", false);
        if (!"P2".equals(drools()) || !"P2".equals(camunda()) || !"P2".equals(operaton())) {
            throw new IllegalStateException("the engines disagree on the peer table: " + drools() + ", " + camunda() + ", " + operaton());
        }
    }

    @Benchmark
    public Object drools() {
        return drools.evaluate(droolsInput).decisions().get("baseSeverity");
    }

    @Benchmark
    public Object camunda() {
        return camunda.evaluateDecisionTable(camundaDecision, camundaInput).getSingleEntry();
    }

    @Benchmark
    public Object operaton() {
        return operaton.evaluateDecisionTable(operatonDecision, operatonInput).getSingleEntry();
    }
}
