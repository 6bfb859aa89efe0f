package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * Configuration keys that exist, as patterns ({@code *} stands for one map key, e.g. {@code runbook.act.receiver-mode.*}):
 * the keys application.properties sets (any profile), those of the service's {@code @ConfigMapping} interfaces and
 * {@code @ConfigProperty} injection points, and those of the Quarkus mappings passed in. An environment variable
 * names a key when it is the key in Quarkus' spelling (upper case, every other character as {@code _}).
 */
public final class ConfigKeys {

    private final Set<String> keys = new HashSet<>();

    private ConfigKeys() {
    }

    /** The service's own keys, plus the keys of the given Quarkus {@code @ConfigMapping} roots. */
    public static ConfigKeys ofTheServiceAnd(Class<?>... quarkusMappings) throws IOException {
        ConfigKeys known = new ConfigKeys();
        Properties properties = new Properties();
        try (InputStream in = ConfigKeys.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        properties.stringPropertyNames().forEach(key -> known.keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.runbook.decisions")) {
            if (type.isAnnotatedWith(ConfigMapping.class)) {
                known.addMapping(type.reflect());
            }
            type.getConstructors().forEach(constructor -> constructor.getParameters().forEach(parameter -> {
                if (parameter.isAnnotatedWith(ConfigProperty.class)) {
                    known.keys.add(parameter.getAnnotationOfType(ConfigProperty.class).name());
                }
            }));
            type.getFields().stream().filter(field -> field.isAnnotatedWith(ConfigProperty.class))
                    .forEach(field -> known.keys.add(field.getAnnotationOfType(ConfigProperty.class).name()));
        }
        for (Class<?> mapping : quarkusMappings) {
            known.addMapping(mapping);
        }
        return known;
    }

    /** Whether the environment variable {@code name} sets one of the keys. */
    public boolean namedBy(String environmentVariable) {
        return keys.stream().anyMatch(key -> environmentPattern(key).matcher(environmentVariable).matches());
    }

    private static Pattern environmentPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(part.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()));
        }
        return Pattern.compile(regex.toString());
    }

    private void addMapping(Class<?> mapping) {
        addMembers(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping);
    }

    /** SmallRye's naming: each method is a kebab-case segment unless renamed; a Map member adds one key segment. */
    private void addMembers(String prefix, Class<?> group) {
        for (Method member : group.getMethods()) {
            if (member.getParameterCount() > 0 || Modifier.isStatic(member.getModifiers()) || member.isDefault()) {
                continue;
            }
            String name = member.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (member.isAnnotationPresent(WithName.class)
                            ? member.getAnnotation(WithName.class).value() : kebab(member.getName()));
            Type type = member.getGenericReturnType();
            if (member.getReturnType() == java.util.Map.class) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                if (value instanceof Class<?> valueType && isGroup(valueType)) {
                    addMembers(name + ".*", valueType);
                } else {
                    keys.add(name + ".*");
                }
            } else if (isGroup(member.getReturnType())) {
                addMembers(name, member.getReturnType());
            } else {
                keys.add(name);
            }
        }
    }

    /** A nested configuration group: an interface of the mapping's own, not a value type like List or Optional. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
