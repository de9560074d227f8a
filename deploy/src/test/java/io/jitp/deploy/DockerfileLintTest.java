package io.jitp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jitp.deploy.Dockerfile.Instruction;
import io.jitp.testsupport.External;

/**
 * Lint rules for src/main/docker (what hadolint would check, plus what only this repository knows): pinned base
 * images, a numeric non-root user, exec-form commands, a HEALTHCHECK for every image that serves a port, no
 * secrets, no downloads piped into a shell, no ADD, no package installs, and COPY sources that the Maven build
 * really produces and that .dockerignore lets into the build context.
 */
class DockerfileLintTest {

    /** What each Dockerfile builds: the image name, and whether it serves ports (and so needs a HEALTHCHECK). */
    record Expected(String image, boolean server) {
    }

    static final Map<String, Expected> EXPECTED = Map.of(
            "Dockerfile.jvm", new Expected("jitp/jitp-broker", true),
            "Dockerfile.native", new Expected("jitp/jitp-broker", true),
            "Dockerfile.emulator.jvm", new Expected("jitp/jitp-emulator", true),
            "Dockerfile.cli.native-micro", new Expected("jitp/jitp-cli", false));

    private static final Pattern FROM = Pattern.compile(
            "(?<image>[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+)(:(?<tag>[A-Za-z0-9._-]+))?(@sha256:[0-9a-f]{64})?"
                    + "(\\s+AS\\s+\\S+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(pass(word|wd)?|secret|token|kek|private_?key|credential|api_?key|access_?key).*");
    private static final Pattern SECRET_VALUE = Pattern.compile("(AKIA[0-9A-Z]{16}|-----BEGIN|jitp_[A-Za-z0-9_-]{40})");
    private static final Pattern PIPE_TO_SHELL = Pattern.compile("(curl|wget)[^|;&]*\\|\\s*(sudo\\s+)?(ba|z|da)?sh\\b");
    private static final Pattern PACKAGE_INSTALL = Pattern.compile(
            "\\b(microdnf|dnf|yum|apt-get|apt|apk)\\s+(-\\S+\\s+)*(install|add|upgrade|update)\\b");
    private static final Pattern LOCAL_PORT = Pattern.compile("//localhost:([0-9]+)/");

    static Stream<Dockerfile> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(Repository.DOCKER)) {
            return files.filter(file -> file.getFileName().toString().startsWith("Dockerfile"))
                    .sorted()
                    .map(Dockerfile::parse)
                    .toList()
                    .stream();
        }
    }

    @Test
    void theFourImagesOfIssue7_haveTheirDockerfiles() throws IOException {
        Set<String> names = new TreeSet<>(dockerfiles().map(Dockerfile::name).toList());

        assertThat(names).isEqualTo(new TreeSet<>(EXPECTED.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void everyBaseImage_isPinnedToATag_neverLatest(Dockerfile file) {
        List<Instruction> froms = file.all("FROM");

        assertThat(froms).as("FROM in %s", file.name()).isNotEmpty();
        assertThat(file.instructions().get(0).keyword()).as("%s starts with FROM (or ARG)", file.name())
                .isIn("FROM", "ARG");
        for (Instruction from : froms) {
            Matcher matcher = FROM.matcher(from.arguments().strip());
            assertThat(matcher.matches()).as("%s:%d FROM '%s' names registry/repository:tag", file.name(),
                    from.line(), from.arguments()).isTrue();
            assertThat(matcher.group("tag")).as("%s:%d tag of %s", file.name(), from.line(), from.arguments())
                    .isNotNull()
                    .isNotEqualToIgnoringCase("latest")
                    .matches(".*[0-9].*");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void theImageRunsAsANumericNonRootUser(Dockerfile file) {
        Instruction user = file.last("USER").orElseThrow(() -> new AssertionError(file.name() + " has no USER"));
        int lastRun = file.last("RUN").map(run -> file.instructions().lastIndexOf(run)).orElse(-1);

        assertThat(user.arguments().strip()).as("%s: the last USER (numeric, so that Kubernetes can check "
                + "runAsNonRoot)", file.name()).matches("[0-9]+(:[0-9]+)?").doesNotStartWith("0");
        assertThat(file.instructions().indexOf(user)).as("%s: USER comes after every RUN", file.name())
                .isGreaterThan(lastRun);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void entrypointAndCmd_useTheExecForm(Dockerfile file) {
        assertThat(file.last("ENTRYPOINT")).as("%s has an ENTRYPOINT", file.name()).isPresent();
        for (String keyword : List.of("ENTRYPOINT", "CMD")) {
            for (Instruction instruction : file.all(keyword)) {
                assertThat(instruction.execForm()).as("%s:%d %s in exec form (signals reach the process)",
                        file.name(), instruction.line(), keyword).isPresent();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void aServingImage_hasAHealthcheckOnAnExposedPort_andOnlyServingImagesExposePorts(Dockerfile file) {
        Expected expected = EXPECTED.get(file.name());
        Set<Integer> exposed = exposedPorts(file);

        if (!expected.server()) {
            assertThat(exposed).as("%s serves nothing", file.name()).isEmpty();
            assertThat(file.all("HEALTHCHECK")).as("%s serves nothing to check", file.name()).isEmpty();
            return;
        }
        Instruction healthcheck = file.last("HEALTHCHECK")
                .orElseThrow(() -> new AssertionError(file.name() + " serves ports but has no HEALTHCHECK"));
        assertThat(exposed).as("%s EXPOSE", file.name()).isNotEmpty();
        assertThat(healthcheck.arguments()).as("%s HEALTHCHECK", file.name()).startsWith("CMD [");
        List<String> command = new Instruction("CMD", Map.of(), healthcheck.arguments().strip().substring(4), 0)
                .execForm().orElseThrow(() -> new AssertionError(file.name() + ": HEALTHCHECK CMD in exec form"));
        Matcher port = LOCAL_PORT.matcher(String.join(" ", command));
        assertThat(port.find()).as("%s: the HEALTHCHECK asks localhost:<port>", file.name()).isTrue();
        assertThat(exposed).as("%s: the HEALTHCHECK's port is exposed", file.name())
                .contains(Integer.parseInt(port.group(1)));
        assertThat(healthcheck.flags()).as("%s HEALTHCHECK timing", file.name())
                .containsKeys("interval", "timeout", "start-period", "retries");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void theBrokerImages_exposeTheBrokersConfiguredHttpsPort(Dockerfile file) {
        if (!EXPECTED.get(file.name()).image().equals("jitp/jitp-broker")) {
            return;
        }

        assertThat(exposedPorts(file)).containsExactly(Repository.brokerHttpsPort());
        assertThat(file.last("HEALTHCHECK").orElseThrow().arguments())
                .contains("https://localhost:" + Repository.brokerHttpsPort() + "/q/health/live");
        assertThat(env(file)).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
    }

    @Test
    void theEmulatorImage_exposesThePortsItsCommandOpens() {
        Dockerfile file = Dockerfile.parse(Repository.DOCKER.resolve("Dockerfile.emulator.jvm"));
        List<String> command = file.last("CMD").orElseThrow().execForm().orElseThrow();

        int api = Integer.parseInt(command.get(command.indexOf("--api-port") + 1));
        int credentials = Integer.parseInt(command.get(command.indexOf("--credentials-port") + 1));

        assertThat(exposedPorts(file)).containsExactlyInAnyOrder(api, credentials);
        assertThat(command).containsSequence("--host", "0.0.0.0");
        assertThat(file.last("HEALTHCHECK").orElseThrow().arguments())
                .contains("http://localhost:" + api + "/_emulator/health");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void noSecretIsBakedIn(Dockerfile file) {
        for (Instruction env : file.all("ENV")) {
            Dockerfile.envVariables(env).forEach((name, value) -> {
                assertThat(name).as("%s:%d ENV name", file.name(), env.line()).doesNotMatch(SECRET_NAME);
                assertThat(value).as("%s:%d ENV %s", file.name(), env.line(), name).doesNotContainPattern(
                        SECRET_VALUE);
            });
        }
        for (Instruction arg : file.all("ARG")) {
            assertThat(arg.arguments().split("=")[0]).as("%s:%d ARG name (build args end up in the image "
                    + "history)", file.name(), arg.line()).doesNotMatch(SECRET_NAME);
        }
        for (Instruction instruction : file.instructions()) {
            assertThat(instruction.arguments()).as("%s:%d", file.name(), instruction.line())
                    .doesNotContainPattern(SECRET_VALUE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void runInstallsNothing_downloadsNothing_andLeavesCryptoPolicyAlone(Dockerfile file) {
        assertThat(file.all("ADD")).as("%s: COPY, never ADD (no URLs, no archive magic)", file.name()).isEmpty();
        assertThat(file.all("MAINTAINER")).as("%s: MAINTAINER is deprecated", file.name()).isEmpty();
        for (Instruction run : file.all("RUN")) {
            String command = run.arguments();
            assertThat(command).as("%s:%d", file.name(), run.line())
                    .doesNotContainPattern(PIPE_TO_SHELL)
                    .doesNotContainPattern(PACKAGE_INSTALL)
                    .doesNotContain("update-crypto-policies")
                    .doesNotContain("sudo ")
                    .doesNotContain("chmod 777")
                    .doesNotContain("wget ")
                    .doesNotContain("curl ");
        }
        for (Instruction workdir : file.all("WORKDIR")) {
            assertThat(workdir.arguments().strip()).as("%s:%d WORKDIR is absolute", file.name(), workdir.line())
                    .startsWith("/");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void theImageNameAndTag_matchTheBuildCommandInTheHeader(Dockerfile file) {
        String image = file.image().orElseThrow(() -> new AssertionError(file.name() + " has no '# image:' line"));

        assertThat(image).isEqualTo(EXPECTED.get(file.name()).image());
        assertThat(String.join("\n", file.comments())).as("%s documents its build command", file.name())
                .containsPattern("docker build -f src/main/docker/" + Pattern.quote(file.name()) + " -t "
                        + Pattern.quote(image + ":" + Repository.VERSION) + "(-native)? \\.");
        assertThat(file.argDefaults().getOrDefault("JITP_VERSION", Repository.VERSION)).isEqualTo(
                Repository.VERSION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void everyCopySource_isWhatTheMavenBuildProduces_andPassesDockerignore(Dockerfile file) throws IOException {
        DockerIgnore ignore = DockerIgnore.read(Repository.ROOT.resolve(".dockerignore"));
        List<Instruction> copies = file.all("COPY").stream().filter(copy -> !copy.flags().containsKey("from"))
                .toList();

        assertThat(copies).as("%s copies something", file.name()).isNotEmpty();
        for (Instruction copy : copies) {
            List<String> words = copy.words();
            for (String source : words.subList(0, words.size() - 1)) {
                String expanded = file.expand(source);
                assertThat(expanded).as("%s:%d COPY from a module's target/", file.name(), copy.line())
                        .matches("(service|emulator|cli)/target/.+");
                if (expanded.endsWith("-runner")) {
                    assertNativeRunner(file, expanded);
                } else {
                    String module = expanded.substring(0, expanded.indexOf('/'));
                    External.require(Files.isRegularFile(Repository.ROOT.resolve(module + "/target/"
                            + Repository.artifactId(module) + "-" + Repository.VERSION + ".jar")), module
                                    + " is not packaged: run './mvnw -B package -DskipTests' first");
                    List<Path> matched = glob(expanded);
                    assertThat(matched).as("%s:%d: the packaged %s has %s", file.name(), copy.line(), module,
                            expanded).isNotEmpty();
                    for (Path path : matched) {
                        assertThat(ignore.included(Repository.ROOT.relativize(path).toString()))
                                .as("%s: .dockerignore lets %s into the context", file.name(), path).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void theBrokerJvmImage_copiesTheFourFastJarLayers_librariesFirst() {
        Dockerfile file = Dockerfile.parse(Repository.DOCKER.resolve("Dockerfile.jvm"));

        List<String> sources = file.all("COPY").stream().map(copy -> copy.words().get(0)).toList();

        assertThat(sources).containsExactly("service/target/quarkus-app/lib/",
                "service/target/quarkus-app/quarkus-run.jar", "service/target/quarkus-app/app/",
                "service/target/quarkus-app/quarkus/");
        assertThat(env(file)).containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
    }

    @Test
    void dockerignore_startsFromNothing_andKeepsSourcesAndKeysOut() {
        DockerIgnore ignore = DockerIgnore.read(Repository.ROOT.resolve(".dockerignore"));

        assertThat(ignore.rules().get(0).pattern()).isEqualTo("*");
        assertThat(ignore.included("pom.xml")).isFalse();
        assertThat(ignore.included("service/src/main/resources/application.properties")).isFalse();
        assertThat(ignore.included("k8s/base/deployment.yaml")).isFalse();
        assertThat(ignore.included("service/target/quarkus-app/lib/main/some.jar")).isTrue();
        assertThat(ignore.included("service/target/quarkus-app/lib/leaked.key")).isFalse();
        assertThat(ignore.included("emulator/target/lib/tls/root.pem")).isFalse();
        assertThat(ignore.included("service/target/classes/application.properties")).isFalse();
        assertThat(ignore.included("cli/target/jitp-cli-" + Repository.VERSION + "-runner")).isTrue();
    }

    /** The rules fail on what they are meant to catch: each case breaks the real Dockerfile.jvm in one way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDockerfiles")
    void eachRule_catchesWhatItIsFor(String what, String from, String to, String rule, @TempDir Path dir)
            throws Exception {
        String good = Files.readString(Repository.DOCKER.resolve("Dockerfile.jvm"));
        assertThat(good).contains(from);
        Path broken = dir.resolve("Dockerfile.jvm");
        Files.writeString(broken, good.replace(from, to));
        Dockerfile file = Dockerfile.parse(broken);
        var method = DockerfileLintTest.class.getDeclaredMethod(rule, Dockerfile.class);

        assertThatThrownBy(() -> {
            try {
                method.invoke(this, file);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }).as(what).isInstanceOf(AssertionError.class);
    }

    static Stream<Arguments> brokenDockerfiles() {
        String from = "FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23";
        String user = "USER 185\n";
        String entrypoint = "ENTRYPOINT [\"/opt/jboss/container/java/run/run-java.sh\"]";
        String copy = "COPY service/target/quarkus-app/app/ /deployments/app/";
        return Stream.of(
                Arguments.of("latest tag", from, from.replace("1.23", "latest"),
                        "everyBaseImage_isPinnedToATag_neverLatest"),
                Arguments.of("no tag", from, from.replace(":1.23", ""), "everyBaseImage_isPinnedToATag_neverLatest"),
                Arguments.of("root user", user, "USER root\n", "theImageRunsAsANumericNonRootUser"),
                Arguments.of("user by name", user, "USER jboss\n", "theImageRunsAsANumericNonRootUser"),
                Arguments.of("RUN after USER", user, user + "RUN mkdir -p /x\n", "theImageRunsAsANumericNonRootUser"),
                Arguments.of("shell-form entrypoint", entrypoint, "ENTRYPOINT java -jar /deployments/quarkus-run.jar",
                        "entrypointAndCmd_useTheExecForm"),
                Arguments.of("no HEALTHCHECK", "HEALTHCHECK --interval", "# HEALTHCHECK --interval",
                        "aServingImage_hasAHealthcheckOnAnExposedPort_andOnlyServingImagesExposePorts"),
                Arguments.of("another port", "EXPOSE 8443", "EXPOSE 8080",
                        "theBrokerImages_exposeTheBrokersConfiguredHttpsPort"),
                Arguments.of("a password in ENV", "JITP_DATA_DIR=/var/lib/jitp",
                        "JITP_DATA_DIR=/var/lib/jitp JITP_DATABASE_PASSWORD=hunter2", "noSecretIsBakedIn"),
                Arguments.of("an access key in a value", "JITP_DATA_DIR=/var/lib/jitp",
                        "JITP_DATA_DIR=/var/lib/jitp X=AKIAABCDEFGHIJKLMNOP", "noSecretIsBakedIn"),
                Arguments.of("ADD of a URL", copy, "ADD https://example.com/app.tar /deployments/app/",
                        "runInstallsNothing_downloadsNothing_andLeavesCryptoPolicyAlone"),
                Arguments.of("curl piped to sh", user, "RUN curl -fsSL https://example.com/i.sh | sh\n" + user,
                        "runInstallsNothing_downloadsNothing_andLeavesCryptoPolicyAlone"),
                Arguments.of("a package install", user, "RUN microdnf install -y procps\n" + user,
                        "runInstallsNothing_downloadsNothing_andLeavesCryptoPolicyAlone"),
                Arguments.of("crypto policy", user, "RUN update-crypto-policies --set LEGACY\n" + user,
                        "runInstallsNothing_downloadsNothing_andLeavesCryptoPolicyAlone"),
                Arguments.of("a source file copied", copy, "COPY service/src/main/resources/ /deployments/app/",
                        "everyCopySource_isWhatTheMavenBuildProduces_andPassesDockerignore"),
                Arguments.of("a misspelt build output", copy, copy.replace("quarkus-app/app/", "quarkus-app/ap/"),
                        "everyCopySource_isWhatTheMavenBuildProduces_andPassesDockerignore"),
                Arguments.of("another image name", "# image: jitp/jitp-broker", "# image: jitp/broker",
                        "theImageNameAndTag_matchTheBuildCommandInTheHeader"));
    }

    /** A native executable is only built with -Dnative: its name must be what Quarkus gives it. */
    private static void assertNativeRunner(Dockerfile file, String source) {
        String module = source.substring(0, source.indexOf('/'));
        String expected = module + "/target/" + Repository.artifactId(module) + "-" + Repository.VERSION + "-runner";
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
        DockerIgnore ignore = DockerIgnore.read(Repository.ROOT.resolve(".dockerignore"));

        assertThat(matcher.matches(Path.of(expected))).as("%s: %s matches the native build's output %s",
                file.name(), source, expected).isTrue();
        assertThat(ignore.included(expected)).as(".dockerignore lets %s in", expected).isTrue();
    }

    private static List<Path> glob(String pattern) throws IOException {
        String trimmed = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!trimmed.contains("*")) {
            Path path = Repository.ROOT.resolve(trimmed);
            if (!Files.exists(path)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(path)) {
                return files.filter(Files::isRegularFile).limit(50).toList();
            }
        }
        Path dir = Repository.ROOT.resolve(trimmed.substring(0, trimmed.lastIndexOf('/')));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + trimmed.substring(
                trimmed.lastIndexOf('/') + 1));
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(path -> matcher.matches(path.getFileName())).forEach(found::add);
            }
        }
        return found;
    }

    static Set<Integer> exposedPorts(Dockerfile file) {
        Set<Integer> ports = new TreeSet<>();
        for (Instruction expose : file.all("EXPOSE")) {
            for (String word : expose.words()) {
                ports.add(Integer.parseInt(word.toLowerCase(Locale.ROOT).replace("/tcp", "")));
            }
        }
        return ports;
    }

    static Map<String, String> env(Dockerfile file) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        file.all("ENV").forEach(env -> all.putAll(Dockerfile.envVariables(env)));
        return all;
    }
}
