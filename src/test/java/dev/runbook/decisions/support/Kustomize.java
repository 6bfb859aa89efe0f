package dev.runbook.decisions.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a kustomization directory as {@code kustomize build} does, for the only features deploy/kubernetes uses
 * (there is no kustomize binary on the build machine): {@code resources} (YAML files, and directories holding a
 * kustomization) and {@code patches} given by {@code path}, each a strategic merge patch of the one resource with its
 * kind and name. It refuses what it does not implement, so it never renders what kustomize would render differently:
 * any other kustomization field, any {@code $patch}-style directive, and a patch into a list whose Kubernetes merge
 * key is not in {@link #MERGE_KEYS}.
 */
public final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "patches");

    /** The patchMergeKey Kubernetes declares for each list a patch here may merge into (k8s.io/api core/v1 types). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "env", "name", "volumes", "name", "volumeMounts", "mountPath");

    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** Every resource the kustomization in {@code directory} renders, patched, in the order kustomize lists them. */
    public static List<ObjectNode> build(Path directory) throws IOException {
        JsonNode kustomization = YAML.readTree(directory.resolve("kustomization.yaml").toFile());
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": kustomization field '" + field + "' is not rendered by this test");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = directory.resolve(entry.asText()).normalize();
            for (ObjectNode resource : Files.isDirectory(path) ? build(path) : read(path)) {
                if (resources.stream().anyMatch(existing -> id(existing).equals(id(resource)))) {
                    throw new IllegalArgumentException(directory + ": " + id(resource) + " is listed twice");
                }
                resources.add(resource);
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.size() != 1 || !patch.has("path")) {
                throw new IllegalArgumentException(directory + ": only patches given by 'path' are rendered: " + patch);
            }
            for (ObjectNode change : read(directory.resolve(patch.get("path").asText()))) {
                ObjectNode resource = target(resources, change, directory);
                resources.set(resources.indexOf(resource), merged(resource, change, ""));
            }
        }
        return resources;
    }

    /** Each YAML document of a file, comments and empty documents left out. */
    public static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile())) {
            while (values.hasNext()) {
                ObjectNode document = values.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static ObjectNode target(List<ObjectNode> resources, ObjectNode patch, Path directory) {
        List<ObjectNode> matching = resources.stream()
                .filter(resource -> resource.path("kind").equals(patch.path("kind")))
                .filter(resource -> resource.path("metadata").path("name").equals(patch.path("metadata").path("name")))
                .filter(resource -> !patch.path("metadata").has("namespace")
                        || resource.path("metadata").path("namespace").equals(patch.path("metadata").path("namespace")))
                .toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(directory + ": the patch of " + id(patch) + " matches " + matching.size() + " resources");
        }
        return matching.get(0);
    }

    /** Strategic merge: maps merge key by key (null removes), lists with a merge key merge element by element. */
    private static ObjectNode merged(ObjectNode target, ObjectNode patch, String at) {
        ObjectNode result = target.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode change = field.getValue();
            JsonNode existing = result.get(name);
            if (name.startsWith("$")) {
                throw new IllegalArgumentException(at + "." + name + ": patch directives are not rendered by this test");
            } else if (change.isNull()) {
                result.remove(name);
            } else if (existing == null) {
                result.set(name, change);
            } else if (existing.isObject() && change.isObject()) {
                result.set(name, merged((ObjectNode) existing, (ObjectNode) change, at + "." + name));
            } else if (existing.isArray() && change.isArray()) {
                result.set(name, mergedList((ArrayNode) existing, (ArrayNode) change, at + "." + name, name));
            } else {
                result.set(name, change);
            }
        }
        return result;
    }

    private static ArrayNode mergedList(ArrayNode target, ArrayNode patch, String at, String name) {
        String key = MERGE_KEYS.get(name);
        if (key == null) {
            throw new IllegalArgumentException(at + ": this test does not know how Kubernetes merges the list '" + name + "'");
        }
        ArrayNode result = target.deepCopy();
        for (JsonNode element : patch) {
            int index = indexOf(result, key, element.path(key));
            if (index < 0) {
                result.add(element);
            } else {
                result.set(index, merged((ObjectNode) result.get(index), (ObjectNode) element, at + "[" + key + "=" + element.path(key).asText() + "]"));
            }
        }
        return result;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path(key).equals(value)) {
                return i;
            }
        }
        return -1;
    }

    private static String id(JsonNode resource) {
        return resource.path("kind").asText() + " " + resource.path("metadata").path("namespace").asText()
                + "/" + resource.path("metadata").path("name").asText();
    }
}
