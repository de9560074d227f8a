package io.jitp.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the repository the deploy checks read: the Dockerfiles, k8s/, the broker's configuration, READMEs. */
final class Repository {

    /** The repository root (the Maven multi-module directory). */
    static final Path ROOT = Path.of(System.getProperty("jitp.root", "..")).toAbsolutePath().normalize();
    /** The project version, which is also the images' tag. */
    static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
    /** Where the Dockerfiles are. */
    static final Path DOCKER = ROOT.resolve("src/main/docker");
    /** The kustomize tree. */
    static final Path K8S = ROOT.resolve("k8s");

    private static final Pattern ARTIFACT_ID = Pattern.compile(
            "</parent>\\s*<artifactId>([^<]+)</artifactId>");

    private Repository() {
    }

    /** The text of a repository file. */
    static String read(String path) {
        try {
            return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's packaged configuration (service/src/main/resources/application.properties). */
    static Properties brokerProperties() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("service/src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The broker's HTTPS port as its application.properties configures it. */
    static int brokerHttpsPort() {
        return Integer.parseInt(brokerProperties().getProperty("quarkus.http.ssl-port", "8443").strip());
    }

    /** The artifactId of a module, read from its pom.xml. */
    static String artifactId(String module) {
        Matcher matcher = ARTIFACT_ID.matcher(read(module + "/pom.xml"));
        if (!matcher.find()) {
            throw new IllegalStateException("no artifactId in " + module + "/pom.xml");
        }
        return matcher.group(1).strip();
    }
}
