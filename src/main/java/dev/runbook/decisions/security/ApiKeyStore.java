package dev.runbook.decisions.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

/**
 * The API keys the service accepts: {@code runbook.security.api-keys.<name>.hash} and {@code .roles} from
 * configuration, plus those of the keys file ({@code <name>.hash}, {@code <name>.roles}). With no key anywhere, the
 * first start issues an admin key, prints it once and keeps only its hash in the keys file.
 */
@Startup
@Singleton
public class ApiKeyStore {

    private static final Logger LOG = Logger.getLogger(ApiKeyStore.class);
    private static final Pattern CONFIGURED = Pattern.compile("runbook\\.security\\.api-keys\\.([a-z0-9-]+)\\.hash");

    private final Map<String, Entry> entries = new HashMap<>();

    public ApiKeyStore(Config config, @ConfigProperty(name = "runbook.security.keys-file") Path keysFile,
                       @ConfigProperty(name = "runbook.security.generate-admin-key") boolean generateAdminKey) {
        for (String property : config.getPropertyNames()) {
            Matcher matcher = CONFIGURED.matcher(property);
            if (matcher.matches()) {
                String name = matcher.group(1);
                add(name, config.getValue(property, String.class),
                        config.getOptionalValue("runbook.security.api-keys." + name + ".roles", String.class).orElse(""));
            }
        }
        Properties file = read(keysFile);
        for (String property : file.stringPropertyNames()) {
            if (property.endsWith(".hash")) {
                String name = property.substring(0, property.length() - ".hash".length());
                add(name, file.getProperty(property), file.getProperty(name + ".roles", ""));
            }
        }
        if (entries.isEmpty() && generateAdminKey) {
            issueFirstAdminKey(keysFile);
        }
        LOG.infof("%d API key(s) loaded", entries.size());
    }

    /** The name and roles of the key, when it is one of ours. */
    public Optional<Entry> verify(String key) {
        return ApiKey.nameOf(key).map(entries::get).filter(entry -> ApiKey.matches(key, entry.hash()));
    }

    private void add(String name, String hash, String roles) {
        Set<String> granted = new TreeSet<>();
        Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).forEach(role -> {
            if (!Roles.ALL.contains(role)) {
                throw new IllegalStateException("API key '" + name + "' has unknown role '" + role + "'; roles are " + Roles.ALL);
            }
            granted.add(role);
        });
        entries.put(name, new Entry(name, hash, Set.copyOf(granted)));
    }

    private void issueFirstAdminKey(Path keysFile) {
        ApiKey.Issued issued = ApiKey.issue("admin");
        Properties file = new Properties();
        file.setProperty("admin.hash", issued.hash());
        file.setProperty("admin.roles", Roles.ADMIN);
        write(keysFile, file);
        add("admin", issued.hash(), Roles.ADMIN);
        // The console, not the log: the key is shown once and must not land in log files.
        System.out.println("""

                ================================================================================
                 No API key was configured, so an admin key was created. It is shown only now:

                   %s

                 Send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'. Only its hash
                 is kept, in %s.
                ================================================================================
                """.formatted(issued.key(), keysFile.toAbsolutePath()));
    }

    private static Properties read(Path keysFile) {
        Properties properties = new Properties();
        if (Files.exists(keysFile)) {
            try (Reader reader = Files.newBufferedReader(keysFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the keys file " + keysFile, e);
            }
        }
        return properties;
    }

    private static void write(Path keysFile, Properties properties) {
        try {
            Path dir = keysFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (Writer writer = Files.newBufferedWriter(keysFile, StandardCharsets.UTF_8)) {
                properties.store(writer, "Runbook Decisions API keys: hashes only. Add keys with 'hash-key'.");
            }
            try {
                Files.setPosixFilePermissions(keysFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the hashes alone are no credential
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the keys file " + keysFile, e);
        }
    }

    /** A stored key: its name (the principal), salted hash and roles. */
    public record Entry(String name, String hash, Set<String> roles) {
    }
}
