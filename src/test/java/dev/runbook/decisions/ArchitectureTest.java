package dev.runbook.decisions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;

/**
 * The package rule of docs/architecture.md, read from its table and checked on every compiled class, main and test:
 * a package imports only the packages its row lists. Test classes may also use the test support package.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.runbook.decisions";
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| ([^|]*)\\|", Pattern.MULTILINE);

    private static Map<String, List<String>> rule;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        String table = doc.substring(doc.indexOf("<!-- package rule -->"), doc.indexOf("<!-- end package rule -->"));
        rule = new LinkedHashMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            List<String> allowed = Pattern.compile("`(\\w+)`").matcher(row.group(2)).results().map(m -> m.group(1)).toList();
            rule.put(row.group(1), allowed);
        }
        classes = new ClassFileImporter().importPackages(ROOT);
    }

    @Test
    void theDocumentedRuleCoversEveryPackage() {
        List<String> packages = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith(ROOT + ".")).map(p -> p.substring(ROOT.length() + 1).split("\\.")[0])
                .filter(p -> !TEST_ONLY.contains(p)).distinct().sorted().toList();
        assertEquals(packages, rule.keySet().stream().sorted().toList(),
                "every main package has exactly one row in docs/architecture.md's package rule");
    }

    @Test
    void everyPackageImportsOnlyWhatItsRowAllows() {
        List<String> violations = new ArrayList<>();
        rule.forEach((layer, allowed) -> {
            String[] forbidden = rule.keySet().stream().filter(p -> !p.equals(layer) && !allowed.contains(p))
                    .map(p -> ROOT + "." + p + "..").toArray(String[]::new);
            if (forbidden.length > 0) {
                violations.addAll(noClasses().that().resideInAPackage(ROOT + "." + layer + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .evaluate(classes).getFailureReport().getDetails().stream()
                        .map(detail -> "`" + layer + "` may import only " + allowed + ": " + detail).toList());
            }
        });
        assertEquals(List.of(), violations, "imports against docs/architecture.md's package rule");
    }

    /** Packages that hold tests only (and the test support they share); they are not steps of a request. */
    private static final List<String> TEST_ONLY = List.of("support", "it", "bench", "alerts", "ui");
}
