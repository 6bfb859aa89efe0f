package dev.runbook.decisions.config;

import java.util.Arrays;

import dev.runbook.decisions.security.ApiKey;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service, or with {@code hash-key NAME [ROLES]} a small command that issues an API key: it prints the key (to
 * hand to the caller) and the configuration lines holding only its hash, and exits without starting the service.
 */
@QuarkusMain
public class RunbookMain {

    public static void main(String... args) {
        if (args.length > 0 && "hash-key".equals(args[0])) {
            issueKey(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Quarkus.run(args);
    }

    private static void issueKey(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -jar quarkus-run.jar hash-key NAME [ROLE,ROLE...]   (roles: evaluator, operator, editor, auditor, admin)");
            System.exit(2);
        }
        ApiKey.Issued issued = ApiKey.issue(args[0]);
        String roles = args.length == 2 ? args[1] : "evaluator";
        System.out.println("key (give it to the caller; it is not stored anywhere):");
        System.out.println("  " + issued.key());
        System.out.println("configuration (application.properties), or the same lines without the prefix in the keys file:");
        System.out.println("  runbook.security.api-keys." + issued.name() + ".hash=" + issued.hash());
        System.out.println("  runbook.security.api-keys." + issued.name() + ".roles=" + roles);
    }
}
