package io.jitp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.jitp.emulator.EmulatorArguments;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.testsupport.External;

import software.amazon.awssdk.regions.Region;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks the objects against what the broker and the
 * emulator really do: probe paths and ports, configuration keys, Secrets, security context, scaling, network
 * policy, images, and, per overlay, where AWS IoT is.
 */
class KubernetesManifestsTest {

    private static final String BROKER_LABEL = "jitp-broker";
    private static final Pattern SECRET_LOOKING = Pattern.compile(
            "(?i).*(kek|password|secret|sha256|token$|access_key|database_url|database_username).*");
    /** Configuration that must come from a Secret, never from the ConfigMap or a literal value. */
    private static final Map<String, String> FROM_SECRETS = Map.of("JITP_KEYS_KEK", "jitp-kek",
            "JITP_DATABASE_URL", "jitp-database", "JITP_DATABASE_USERNAME", "jitp-database", "JITP_DATABASE_PASSWORD",
            "jitp-database", "JITP_SECURITY_TOKENS_ADMIN_SHA256", "jitp-broker-tokens");

    @ParameterizedTest
    @ValueSource(strings = {"base", "dev", "aws"})
    void everyOverlay_renders_andCommitsNoSecretValue(String overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);

        assertThat(rendered.objects()).isNotEmpty();
        assertThat(rendered.all(Secret.class)).as("%s renders no Secret: users create them", overlay).isEmpty();
        try (Stream<Path> files = Files.walk(Repository.K8S)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s", file).doesNotContainPattern("kind:\\s*Secret")
                        .doesNotContain("secretGenerator").doesNotContainPattern("(?m)^\\s*(data|stringData):");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void probes_askTheHealthPathsTheBrokerServes_onItsConfiguredHttpsPort(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Container broker = rendered.brokerContainer();
        int configuredPort = Repository.brokerHttpsPort();

        assertThat(Integer.parseInt(rendered.brokerConfig().get("QUARKUS_HTTP_SSL_PORT"))).isEqualTo(configuredPort);
        assertThat(broker.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getContainerPort()).isEqualTo(configuredPort);
            assertThat(port.getName()).isEqualTo("https");
        });
        assertProbe(broker, broker.getLivenessProbe(), "/q/health/live", configuredPort);
        assertProbe(broker, broker.getReadinessProbe(), "/q/health/ready", configuredPort);
        assertProbe(broker, broker.getStartupProbe(), "/q/health/live", configuredPort);
        assertThat(rendered.brokerConfig()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
    }

    @Test
    void theBrokersConfiguration_leavesHealthWhereTheProbesLook() {
        Properties properties = Repository.brokerProperties();

        // Any of these would move /q/health/* away from the API port the probes ask.
        assertThat(properties.stringPropertyNames()).noneMatch(name -> name.matches(
                "(%[a-z]+\\.)?quarkus\\.(http\\.root-path|http\\.non-application-root-path|smallrye-health\\..*"
                        + "|management\\.enabled)"));
        assertThat(properties.getProperty("quarkus.http.insecure-requests")).isEqualTo("disabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void everySecretKeyRead_isDocumentedAsUserProvided_andEveryConfigMapKeyExists(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Set<String> secretKeys = new TreeSet<>();
        Set<String> configMaps = new TreeSet<>();
        rendered.all(io.fabric8.kubernetes.api.model.ConfigMap.class)
                .forEach(map -> configMaps.add(map.getMetadata().getName()));

        rendered.podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                for (EnvFromSource from : container.getEnvFrom()) {
                    assertThat(from.getSecretRef()).as("%s/%s: Secrets by key (secretKeyRef), not envFrom",
                            workload, container.getName()).isNull();
                    assertThat(configMaps).as("%s/%s envFrom", workload, container.getName())
                            .contains(from.getConfigMapRef().getName());
                }
                for (EnvVar env : container.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        secretKeys.add(env.getValueFrom().getSecretKeyRef().getName() + "/"
                                + env.getValueFrom().getSecretKeyRef().getKey());
                        assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).as(env.getName()).isNotEqualTo(
                                Boolean.TRUE);
                    } else if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        String map = env.getValueFrom().getConfigMapKeyRef().getName();
                        assertThat(rendered.one(io.fabric8.kubernetes.api.model.ConfigMap.class, map).getData())
                                .containsKey(env.getValueFrom().getConfigMapKeyRef().getKey());
                    } else {
                        assertThat(env.getName()).as("%s/%s: a literal value for a secret-looking variable",
                                workload, container.getName()).doesNotMatch(SECRET_LOOKING);
                    }
                }
            }
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    assertThat(volume.getSecret().getItems()).as("%s volume %s lists its keys", workload,
                            volume.getName()).isNotEmpty();
                    volume.getSecret().getItems().forEach(item -> secretKeys.add(volume.getSecret().getSecretName()
                            + "/" + item.getKey()));
                }
                if (volume.getConfigMap() != null) {
                    assertThat(configMaps).contains(volume.getConfigMap().getName());
                }
            }
        });

        assertThat(secretKeys).as("%s: the Secrets the manifests read = README's table", overlay)
                .isEqualTo(new TreeSet<>(UserSecrets.forOverlay(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void keysEncryptionTokensAndDatabase_comeFromSecrets_neverFromTheConfigMap(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, EnvVar> env = new java.util.HashMap<>();
        rendered.brokerContainer().getEnv().forEach(variable -> env.put(variable.getName(), variable));

        FROM_SECRETS.forEach((name, secret) -> {
            assertThat(env).as("%s: the broker reads %s", overlay, name).containsKey(name);
            assertThat(env.get(name).getValue()).as(name).isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(secret);
        });
        assertThat(rendered.brokerConfig().keySet()).allSatisfy(key -> assertThat(key)
                .matches("(JITP|QUARKUS|AWS)_[A-Z0-9_]+").doesNotMatch(SECRET_LOOKING));
        assertThat(rendered.brokerConfig()).containsEntry("JITP_SECURITY_TOKENS_ADMIN_ROLE", "admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void everyPod_runsRestricted_withWritableEmptyDirsWhereItWrites(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        rendered.podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(workload).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(workload)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(workload).isFalse();
            for (Container container : pod.getContainers()) {
                String what = workload + "/" + container.getName();
                var context = container.getSecurityContext();
                assertThat(context.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(context.getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(context.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
                assertThat(context.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(context.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
                assertThat(writableMounts(template, container)).as(what + ": /tmp is writable").contains("/tmp");
            }
        });
        Container broker = rendered.brokerContainer();
        assertThat(writableMounts(rendered.broker().getSpec().getTemplate(), broker))
                .contains(rendered.brokerConfig().get("JITP_DATA_DIR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void theBroker_scalesOutSafely(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Deployment broker = rendered.broker();
        Map<String, String> podLabels = broker.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(broker.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(broker.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(broker.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(podLabels).containsAllEntriesOf(broker.getSpec().getSelector().getMatchLabels());

        PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, BROKER_LABEL);
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, broker.getSpec().getReplicas() - 1);

        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, BROKER_LABEL);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(broker.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).isNotEmpty();

        Service service = rendered.one(Service.class, BROKER_LABEL);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(Rendered.containerPort(rendered.brokerContainer(), port.getTargetPort()))
                .isEqualTo(Repository.brokerHttpsPort());

        String account = broker.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(rendered.one(ServiceAccount.class, account).getAutomountServiceAccountToken()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void networkPolicy_letsInOnlyTheApiPort_andOutOnlyPostgresDnsAndHttps(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, String> podLabels = rendered.broker().getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class).stream()
                .filter(policy -> podLabels.entrySet().containsAll(
                        policy.getSpec().getPodSelector().getMatchLabels().entrySet()))
                .toList();
        Set<String> ingress = new TreeSet<>();
        Set<String> egress = new TreeSet<>();

        for (NetworkPolicy policy : policies) {
            policy.getSpec().getIngress().forEach(rule -> ingress.addAll(ports(rule.getPorts())));
            policy.getSpec().getEgress().forEach(rule -> {
                assertThat(rule.getPorts()).as("%s: every egress rule names its ports", policy.getMetadata()
                        .getName()).isNotEmpty();
                for (String port : ports(rule.getPorts())) {
                    egress.add(port + (rule.getTo().isEmpty() ? "" : " to " + peers(rule.getTo())));
                }
            });
        }

        assertThat(policies.get(0).getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(ingress).containsExactly(Repository.brokerHttpsPort() + "/TCP");
        Set<String> expected = new TreeSet<>(Set.of("5432/TCP", "53/UDP", "53/TCP", "443/TCP"));
        if (overlay.equals("dev")) {
            int api = Rendered.containerPort(Rendered.container(rendered.one(Deployment.class, "jitp-emulator")
                    .getSpec().getTemplate(), "emulator"), new io.fabric8.kubernetes.api.model.IntOrString("api"));
            expected.add(api + "/TCP to app.kubernetes.io/name=jitp-emulator");
        }
        assertThat(egress).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "aws"})
    void images_areTheOnesTheDockerfilesBuild_taggedWithTheProjectVersion(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Dockerfile brokerImage = Dockerfile.parse(Repository.DOCKER.resolve("Dockerfile.jvm"));

        assertImage(rendered.brokerContainer().getImage(), brokerImage.image().orElseThrow());
        assertThat(rendered.broker().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(Long.parseLong(brokerImage.last("USER").orElseThrow().arguments().strip()));
        if (rendered.has(Deployment.class, "jitp-emulator")) {
            Dockerfile emulatorImage = Dockerfile.parse(Repository.DOCKER.resolve("Dockerfile.emulator.jvm"));
            PodTemplateSpec emulator = rendered.one(Deployment.class, "jitp-emulator").getSpec().getTemplate();
            assertImage(Rendered.container(emulator, "emulator").getImage(), emulatorImage.image().orElseThrow());
            assertThat(emulator.getSpec().getSecurityContext().getRunAsUser())
                    .isEqualTo(Long.parseLong(emulatorImage.last("USER").orElseThrow().arguments().strip()));
        }
    }

    @Test
    void dev_runsTheEmulatorAsItsOwnService_andPointsTheBrokerAtIt() {
        Rendered dev = Rendered.of("dev");
        Deployment emulator = dev.one(Deployment.class, "jitp-emulator");
        Service service = dev.one(Service.class, "jitp-emulator");
        Container container = Rendered.container(emulator.getSpec().getTemplate(), "emulator");
        String namespace = service.getMetadata().getNamespace();
        String serviceHost = service.getMetadata().getName() + "." + namespace + ".svc.cluster.local";
        int api = Rendered.containerPort(container, new io.fabric8.kubernetes.api.model.IntOrString("api"));
        int credentials = Rendered.containerPort(container,
                new io.fabric8.kubernetes.api.model.IntOrString("credentials"));

        List<String> args = new ArrayList<>(container.getArgs());
        int keyOption = args.indexOf("--access-key-id");
        assertThat(args.get(keyOption + 1)).isEqualTo("$(JITP_EMULATOR_ACCESS_KEY_ID)");
        args.subList(keyOption, keyOption + 2).clear();
        EmulatorConfig config = EmulatorArguments.parse(args.toArray(String[]::new));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.advertisedHost()).isEqualTo(serviceHost);
        assertThat(config.apiPort()).isEqualTo(api);
        assertThat(config.credentialsPort()).isEqualTo(credentials);
        assertThat(config.region()).isEqualTo(dev.brokerConfig().get("JITP_IOT_REGION"));
        assertThat(service.getSpec().getPorts()).allSatisfy(port -> assertThat(port.getPort())
                .as("advertised host:port works through the Service").isEqualTo(
                        Rendered.containerPort(container, port.getTargetPort())));
        assertThat(dev.brokerConfig()).containsEntry("JITP_IOT_ENDPOINT_OVERRIDE",
                "http://" + serviceHost + ":" + api);
        assertThat(writableMounts(emulator.getSpec().getTemplate(), container))
                .contains(config.dataDir().toString());
        assertThat(emulator.getSpec().getReplicas()).isEqualTo(1);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/_emulator/health");
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("JITP_EMULATOR_ACCESS_KEY_ID",
                "JITP_EMULATOR_SECRET_ACCESS_KEY");
        assertSameSecret(dev.brokerContainer(), "AWS_ACCESS_KEY_ID", container, "JITP_EMULATOR_ACCESS_KEY_ID");
        assertSameSecret(dev.brokerContainer(), "AWS_SECRET_ACCESS_KEY", container,
                "JITP_EMULATOR_SECRET_ACCESS_KEY");
    }

    @Test
    void dev_hasAPostgresqlForTheBroker_withTheBrokersCredentials_andTheReadmeUrlPointsAtIt() {
        Rendered dev = Rendered.of("dev");
        StatefulSet postgres = dev.one(StatefulSet.class, "jitp-postgres");
        Service service = dev.one(Service.class, "jitp-postgres");
        Container container = Rendered.container(postgres.getSpec().getTemplate(), "postgres");
        String database = container.getEnv().stream().filter(env -> env.getName().equals("POSTGRES_DB"))
                .findFirst().orElseThrow().getValue();
        String url = "jdbc:postgresql://" + service.getMetadata().getName() + "." + service.getMetadata()
                .getNamespace() + ".svc.cluster.local:" + service.getSpec().getPorts().get(0).getPort() + "/"
                + database;

        assertSameSecret(dev.brokerContainer(), "JITP_DATABASE_USERNAME", container, "POSTGRES_USER");
        assertSameSecret(dev.brokerContainer(), "JITP_DATABASE_PASSWORD", container, "POSTGRES_PASSWORD");
        assertThat(UserSecrets.section()).as("README's dev database URL").contains(url);
        String pgdata = container.getEnv().stream().filter(env -> env.getName().equals("PGDATA")).findFirst()
                .orElseThrow().getValue();
        assertThat(writableMounts(postgres.getSpec().getTemplate(), container)).anyMatch(pgdata::startsWith)
                .contains("/var/run/postgresql");
    }

    @Test
    void aws_hasNoEmulator_aRealRegion_andAnIrsaRoleOnTheServiceAccount() {
        Rendered aws = Rendered.of("aws");
        Map<String, String> config = aws.brokerConfig();
        String region = config.get("JITP_IOT_REGION");
        String account = aws.broker().getSpec().getTemplate().getSpec().getServiceAccountName();
        Map<String, String> annotations = aws.one(ServiceAccount.class, account).getMetadata().getAnnotations();

        assertThat(aws.objects()).extracting(HasMetadata::getMetadata)
                .noneMatch(metadata -> metadata.getName().contains("emulator"));
        assertThat(aws.podTemplates().values()).flatExtracting(template -> template.getSpec().getContainers())
                .extracting(Container::getImage).noneMatch(image -> image.contains("emulator"));
        assertThat(config).doesNotContainKeys("JITP_IOT_ENDPOINT_OVERRIDE", "JITP_IOT_EMBEDDED");
        assertThat(Region.regions()).contains(Region.of(region));
        assertThat(Region.of(region).isGlobalRegion()).isFalse();
        assertThat(config).containsEntry("AWS_REGION", region);
        assertThat(aws.brokerContainer().getImage()).as("the image registry is in the same region")
                .contains(".ecr." + region + ".amazonaws.com/");
        assertThat(annotations).containsKey("eks.amazonaws.com/role-arn");
        assertThat(annotations.get("eks.amazonaws.com/role-arn"))
                .matches("arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+");
        assertThat(UserSecrets.section()).contains("eks.amazonaws.com/role-arn");
        assertThat(aws.broker().getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    }

    @Test
    void aws_theBrokerCanUseItsIrsaRole_becauseStsIsPackaged() throws IOException {
        Path libraries = Repository.ROOT.resolve("service/target/quarkus-app/lib/main");
        External.require(Files.isDirectory(libraries), "jitp-broker is not packaged: run './mvnw -B package "
                + "-DskipTests' first");

        try (Stream<Path> jars = Files.list(libraries)) {
            // The SDK's default chain uses web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE) only with sts.
            assertThat(jars.map(jar -> jar.getFileName().toString()))
                    .anyMatch(name -> name.matches("software\\.amazon\\.awssdk\\.sts-[0-9.]+\\.jar"));
        }
    }

    private static void assertProbe(Container container, Probe probe, String path, int port) {
        assertThat(probe).as("%s probe for %s", container.getName(), path).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        assertThat(get.getScheme()).isEqualTo("HTTPS");
        assertThat(Rendered.containerPort(container, get.getPort())).isEqualTo(port);
    }

    private static void assertImage(String image, String dockerfileImage) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        assertThat(colon).as("%s has a tag", image).isGreaterThan(slash);
        String repository = image.substring(0, colon);
        assertThat(repository).as(image).satisfiesAnyOf(name -> assertThat(name).isEqualTo(dockerfileImage),
                name -> assertThat(name).endsWith("/" + dockerfileImage));
        assertThat(image.substring(colon + 1)).isEqualTo(Repository.VERSION).isNotEqualTo("latest");
    }

    private static void assertSameSecret(Container a, String nameA, Container b, String nameB) {
        var refA = env(a, nameA).getValueFrom().getSecretKeyRef();
        var refB = env(b, nameB).getValueFrom().getSecretKeyRef();
        assertThat(refA.getName() + "/" + refA.getKey()).as("%s and %s", nameA, nameB)
                .isEqualTo(refB.getName() + "/" + refB.getKey());
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    /** Mount paths of emptyDir volumes and volume claims (writable under a read-only root file system). */
    private static Set<String> writableMounts(PodTemplateSpec template, Container container) {
        Set<String> writable = new LinkedHashSet<>();
        Set<String> claims = new TreeSet<>();
        for (Volume volume : template.getSpec().getVolumes()) {
            if (volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null) {
                claims.add(volume.getName());
            }
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            boolean declared = template.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals(mount
                    .getName()));
            if ((claims.contains(mount.getName()) || !declared) && !Boolean.TRUE.equals(mount.getReadOnly())) {
                writable.add(mount.getMountPath());
            }
        }
        return writable;
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(port -> port.getPort().getIntVal() + "/" + port.getProtocol()).toList();
    }

    private static String peers(List<NetworkPolicyPeer> peers) {
        return peers.stream().map(peer -> peer.getPodSelector() == null ? String.valueOf(peer)
                : peer.getPodSelector().getMatchLabels().entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue()).reduce((x, y) -> x + "," + y)
                        .orElse(""))
                .reduce((x, y) -> x + ";" + y).orElse("");
    }
}
