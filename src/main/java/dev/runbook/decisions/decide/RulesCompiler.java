package dev.runbook.decisions.decide;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import dev.runbook.decisions.domain.Hashing;

/**
 * A build step, run by Maven after the Java classes compile (pom.xml, process-classes): compiles {@code rules/*.drl}
 * into Drools' executable model, Java classes written beside the application's own, and writes
 * {@link RemediationRules#MODEL_LISTING}: the model's class and the hash of every DRL file it was compiled from. The
 * service never compiles DRL, it loads these classes (the DRL compiler, its Java compiler and their thousands of
 * classes made most of the start-up). Arguments: the {@code rules/} directory and the classes directory.
 */
public final class RulesCompiler {

    private RulesCompiler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: RulesCompiler RULES_DIR CLASSES_DIR");
        }
        Path classes = Path.of(args[1]);
        Map<String, byte[]> sources = sources(Path.of(args[0]));
        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        ReleaseId release = kie.newReleaseId("dev.runbook.decisions", "remediation-rules", "1");
        kfs.generateAndWritePomXML(release);
        sources.forEach((name, content) -> kfs.write("src/main/resources/rules/" + name, content));
        KieBuilder builder = kie.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        if (builder.getResults().hasMessages(Message.Level.ERROR)) {
            throw new IllegalStateException("rules/ does not compile: " + builder.getResults().getMessages(Message.Level.ERROR));
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        Properties listing = new Properties();
        listing.setProperty(RemediationRules.MODELS_KEY, modelClasses(module));
        sources.forEach((name, content) -> listing.setProperty(RemediationRules.SOURCE_PREFIX + name, Hashing.sha256(content)));
        // Only the rules' own classes: the module's project model describes a KIE module, which the service does not use.
        for (String file : module.getFileNames()) {
            if (file.endsWith(".class") && file.startsWith(RemediationRules.RULES_PACKAGE + "/")) {
                Path target = classes.resolve(file);
                Files.createDirectories(target.getParent());
                Files.write(target, module.getBytes(file));
            }
        }
        Path listingFile = classes.resolve(RemediationRules.MODEL_LISTING);
        Files.createDirectories(listingFile.getParent());
        try (OutputStream out = Files.newOutputStream(listingFile)) {
            listing.store(out, "rules/*.drl compiled at build time by decide/RulesCompiler");
        }
    }

    private static Map<String, byte[]> sources(Path dir) throws IOException {
        Map<String, byte[]> sources = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".drl")).toList();
        }
        for (Path file : files) {
            sources.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return sources;
    }

    /** The model classes the module's {@code drools-model} file lists, after its version line. */
    private static String modelClasses(InternalKieModule module) {
        String file = module.getFileNames().stream().filter(f -> f.endsWith("/drools-model")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the executable model lists no model class"));
        return new String(module.getBytes(file), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("Drools-Model-Version"))
                .collect(Collectors.joining(","));
    }
}
