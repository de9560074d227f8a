package io.jitp.cli.template;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.jitp.cli.CommandLineSetup;
import io.jitp.cli.OutputOptions;
import io.jitp.error.JitpException;
import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.TemplateCodec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitp template validate FILE}: every problem of a template at once. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Check a JITP template and list every problem, each with its JSON pointer and a fix.",
        description = "Exit 0 when the template is valid, 1 with every problem listed otherwise.")
public class TemplateValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "FILE", description = "The template file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProvisioningTemplate template;
        try {
            template = TemplateFiles.template(file);
        } catch (JitpException e) {
            if (!output.json() || file.toString().equals(e.field())) {
                throw e;
            }
            OutputOptions.printJson(out, invalid(e));
            return CommandLineSetup.FAILURE;
        }
        String body = TemplateCodec.toBody(template);
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.toString());
            result.put("valid", true);
            result.put("parameters", List.copyOf(template.parameters().keySet()));
            result.put("resources", resources(template));
            result.put("bodyLength", body.length());
            OutputOptions.printJson(out, result);
        } else {
            out.printf("%s: valid JITP template: %s; %d of %d templateBody characters%n", file,
                    describe(template), body.length(), TemplateCodec.MAX_BODY_LENGTH);
        }
        out.flush();
        return CommandLineSetup.OK;
    }

    private Map<String, Object> invalid(JitpException e) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", file.toString());
        result.put("valid", false);
        result.put("message", e.getMessage());
        result.put("violations", e.violations().isEmpty()
                ? List.of(new JitpException.Violation(e.field(), e.getMessage(), e.fix()))
                : e.violations());
        return result;
    }

    private static Map<String, String> resources(ProvisioningTemplate template) {
        Map<String, String> resources = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> resources.put(id, resource.type()));
        return resources;
    }

    private static String describe(ProvisioningTemplate template) {
        List<String> resources = template.resources().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().type().substring("AWS::IoT::".length()) + ")")
                .toList();
        int parameters = template.parameters().size();
        return parameters + (parameters == 1 ? " parameter, " : " parameters, ") + resources.size()
                + (resources.size() == 1 ? " resource " : " resources ") + String.join(", ", resources);
    }
}
