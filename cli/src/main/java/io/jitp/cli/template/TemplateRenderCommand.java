package io.jitp.cli.template;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.jitp.cli.CommandLineSetup;
import io.jitp.cli.OutputOptions;
import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerOptions;
import io.jitp.error.JitpException;
import io.jitp.pki.Csr;
import io.jitp.template.OverridableProperty;
import io.jitp.template.OverrideAction;
import io.jitp.template.ProvisioningPlan;
import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.TemplateCodec;
import io.jitp.template.TemplateEngine;
import io.jitp.template.TemplateParameters;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitp template render FILE --cert|--csr|--param}: what JITP would create for one device. */
@Command(name = "render", mixinStandardHelpOptions = true,
        header = "Show what JITP would create for a device: thing, groups, policies, certificate status.",
        description = {
                "Evaluates the template as AWS IoT does on the device's first connection. Fails, naming the "
                        + "subject field to add, when the certificate lacks a parameter the template declares."})
public class TemplateRenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "The template file (or --stored NAME).")
    Path file;

    @Option(names = "--stored", paramLabel = "NAME", description = "Render the template stored in AWS IoT under "
            + "this name, through the broker, instead of a FILE.")
    String stored;

    @Mixin
    BrokerOptions broker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the parameter values come from: exactly one of the three. */
    static class Source {
        @Option(names = "--cert", paramLabel = "FILE",
                description = "A device certificate, PEM or DER (of a device+CA chain, the first certificate).")
        Path certificate;

        @Option(names = "--csr", paramLabel = "FILE", description = "A CSR, PEM or DER; the certificate id stays open.")
        Path csr;

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A value of a parameter the template "
                + "declares; repeat for each parameter, once each.")
        List<String> parameters;
    }

    @Override
    public Integer call() {
        if ((file == null) == (stored == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either a template FILE or --stored NAME");
        }
        ProvisioningTemplate template = stored != null ? fetchStored() : TemplateFiles.template(file);
        TemplateParameters parameters = parameters(template);
        String subject = source.certificate != null ? source.certificate.toString()
                : source.csr != null ? source.csr.toString() : "the given parameters";
        ProvisioningPlan plan;
        try {
            plan = TemplateEngine.render(template, parameters);
        } catch (JitpException e) {
            String what = stored != null ? "template '" + stored + "'" : file.toString();
            throw new JitpException(e.reason(), what + ": " + e.getMessage(), e.field(), e.fix(), e.violations(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, plan);
        } else {
            print(out, plan, subject);
            out.flush();
        }
        return CommandLineSetup.OK;
    }

    /** The template stored in AWS IoT, fetched through the broker and rendered here by the same engine. */
    private ProvisioningTemplate fetchStored() {
        JsonNode body = BrokerClient.connect(broker)
                .get("/v1/templates/" + URLEncoder.encode(stored, StandardCharsets.UTF_8).replace("+", "%20"))
                .path("body");
        try {
            return TemplateCodec.parse(body.toString());
        } catch (JitpException e) {
            throw new JitpException(e.reason(), "template '" + stored + "': " + e.getMessage(), e.field(), e.fix(),
                    e.violations(), e);
        }
    }

    private TemplateParameters parameters(ProvisioningTemplate template) {
        try {
            if (source.certificate != null) {
                byte[] content = TemplateFiles.readBytes(source.certificate, "certificate");
                requireNotAKey(content, source.certificate, "--cert", "the device certificate (e.g. deviceCert.crt)");
                return TemplateParameters.fromCertificateFile(content, "--cert");
            }
            if (source.csr != null) {
                byte[] content = TemplateFiles.readBytes(source.csr, "CSR");
                requireNotAKey(content, source.csr, "--csr", "the device's CSR (e.g. deviceCert.csr)");
                return TemplateParameters.fromCsr(Csr.parse(content, "--csr"));
            }
        } catch (JitpException e) {
            throw e.field() == null || !e.violations().isEmpty() ? e
                    : e.withField(source.certificate != null ? "--cert" : "--csr");
        }
        return TemplateParameters.of(parameterValues(template));
    }

    /** {@code --param} values: each NAME=VALUE, each name once, each one a parameter the template declares. */
    private Map<String, String> parameterValues(ProvisioningTemplate template) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : source.parameters) {
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param '" + parameter
                        + "' must be NAME=VALUE, e.g. --param AWS::IoT::Certificate::CommonName=pump-0042");
            }
            String name = parameter.substring(0, equals);
            if (!template.parameters().containsKey(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param '" + name + "' is not a "
                        + "parameter of the template; it declares " + (template.parameters().isEmpty() ? "none"
                                : String.join(", ", template.parameters().keySet())));
            }
            if (values.putIfAbsent(name, parameter.substring(equals + 1)) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param '" + name
                        + "' is given more than once; give each parameter once");
            }
        }
        return values;
    }

    /** A private key given where a certificate or CSR belongs: the usual slip with the manual's file names. */
    private static void requireNotAKey(byte[] content, Path path, String option, String wanted) {
        String text = new String(content, StandardCharsets.US_ASCII);
        if (text.contains("PRIVATE KEY-----")) {
            throw JitpException.invalid(option, path + " is a private key, not a "
                    + ("--cert".equals(option) ? "certificate" : "CSR"),
                    option + " wants " + wanted
                            + "; the private key never leaves the device");
        }
    }

    private static void print(PrintWriter out, ProvisioningPlan plan, String subject) {
        out.println("JITP plan for " + subject);
        ProvisioningPlan.Certificate certificate = plan.certificate();
        out.println();
        out.println("certificate '" + certificate.logicalId() + "'");
        row(out, "id", certificate.certificateId() == null ? "(known once the certificate is issued)"
                : certificate.certificateId());
        row(out, "status", certificate.status());
        overrides(out, certificate.overrideSettings());
        ProvisioningPlan.Thing thing = plan.thing();
        if (thing != null) {
            out.println();
            out.println("thing '" + thing.logicalId() + "'");
            row(out, "name", thing.thingName());
            row(out, "type", thing.thingTypeName());
            thing.attributes().forEach((name, value) -> row(out, "attribute", name + " = " + value));
            thing.thingGroups().forEach(group -> row(out, "thing group", group));
            row(out, "billing group", thing.billingGroup());
            overrides(out, thing.overrideSettings());
        }
        for (ProvisioningPlan.Policy policy : plan.policies()) {
            out.println();
            out.println("policy '" + policy.logicalId() + "'");
            row(out, "name", policy.policyName() + (policy.creates()
                    ? " (SHA-256 of the document, created by JITP)" : " (existing policy)"));
            row(out, "document", policy.policyDocument());
        }
        List<String> prerequisites = new ArrayList<>();
        plan.prerequisites().forEach(p -> prerequisites.add(p.kind().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ') + " " + p.name()));
        if (!prerequisites.isEmpty()) {
            out.println();
            out.println("must exist before the first connection:");
            prerequisites.forEach(p -> out.println("  " + p));
        }
        out.println();
        out.println("JITP sequence:");
        List<ProvisioningPlan.Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            out.println("  " + (i + 1) + ". " + steps.get(i).description());
        }
    }

    private static void overrides(PrintWriter out, Map<OverridableProperty, OverrideAction> settings) {
        settings.forEach((property, action) -> row(out, "if it exists", property.propertyName() + ": " + action));
    }

    private static void row(PrintWriter out, String label, String value) {
        if (value != null) {
            out.printf("  %-14s%s%n", label, value);
        }
    }
}
