package io.jitp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jitp.testsupport.External;

/** One overlay of k8s/ rendered by {@code kubectl kustomize} and parsed into the Kubernetes object model. */
record Rendered(String overlay, List<HasMetadata> objects) {

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Renders {@code k8s/overlays/<overlay>} (or {@code k8s/base} for "base"); skips when kubectl is missing. */
    static Rendered of(String overlay) {
        Path kubectl = External.requireTool("kubectl", "kubernetes-client");
        return CACHE.computeIfAbsent(overlay, name -> render(kubectl, name));
    }

    private static Rendered render(Path kubectl, String overlay) {
        Path dir = overlay.equals("base") ? Repository.K8S.resolve("base")
                : Repository.K8S.resolve("overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Path err = Files.createTempFile("kustomize-" + overlay, ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String yaml = Files.readString(out, StandardCharsets.UTF_8);
            String errors = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + errors);
            }
            return new Rendered(overlay, parse(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(item -> objects.add((HasMetadata) item));
        } else {
            objects.add((HasMetadata) parsed);
        }
        return List.copyOf(objects);
    }

    /** The objects of one type. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The object of a type and name; fails when there is none. */
    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    /** Whether an object of a type and name exists. */
    boolean has(Class<? extends HasMetadata> type, String name) {
        return all(type).stream().anyMatch(object -> object.getMetadata().getName().equals(name));
    }

    /** The broker's Deployment. */
    Deployment broker() {
        return one(Deployment.class, "jitp-broker");
    }

    /** The broker's container. */
    Container brokerContainer() {
        return container(broker().getSpec().getTemplate(), "broker");
    }

    /** The ConfigMap the broker's container reads all keys of ({@code envFrom}). */
    ConfigMap brokerConfigMap() {
        String name = brokerContainer().getEnvFrom().stream().filter(from -> from.getConfigMapRef() != null)
                .map(from -> from.getConfigMapRef().getName()).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": the broker reads no ConfigMap"));
        return one(ConfigMap.class, name);
    }

    /** The broker's non-secret configuration: the ConfigMap's data. */
    Map<String, String> brokerConfig() {
        return brokerConfigMap().getData();
    }

    /** Every pod template by workload name (Deployments and StatefulSets). */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** A container of a pod template by name. */
    static Container container(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** The container port a probe or Service port names (by name or number). */
    static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + port.getStrVal()));
    }

    /** The argument following an option in a container's args. */
    static String argument(Container container, String option) {
        List<String> args = container.getArgs();
        int index = args.indexOf(option);
        if (index < 0 || index + 1 >= args.size()) {
            throw new AssertionError(container.getName() + " has no " + option + " argument");
        }
        return args.get(index + 1);
    }
}
