package io.jitp.cli.template;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.jitp.cli.CommandLineSetup;
import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitp template body FILE}: the templateBody AWS receives, or the whole registration config. */
@Command(name = "body", mixinStandardHelpOptions = true,
        header = "Print the templateBody of a template, escaped as a JSON string (or the registration config).",
        description = {
                "With --registration-config --role-arn ARN: the file that 'aws iot register-ca-certificate "
                        + "--registration-config file://FILE' reads.",
                "With --raw: the body itself, the file that 'aws iot create-provisioning-template "
                        + "--template-type JITP --template-body file://FILE' reads."})
public class TemplateBodyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The template file.")
    Path file;

    @Option(names = "--registration-config",
            description = "Print a registration-config document {\"templateBody\", \"roleArn\"}; needs --role-arn.")
    boolean registrationConfig;

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "The IAM role AWS IoT assumes to provision (with --registration-config).")
    String roleArn;

    @Option(names = "--raw", description = "Print the body itself instead of a JSON string.")
    boolean raw;

    @Override
    public Integer call() {
        checkOptions();
        ProvisioningTemplate template = TemplateFiles.template(file);
        PrintWriter out = spec.commandLine().getOut();
        if (registrationConfig) {
            out.print(RegistrationConfig.document(template, roleArn));
        } else {
            out.println(raw ? TemplateCodec.toBody(template) : TemplateCodec.toEscapedBody(template));
        }
        out.flush();
        return CommandLineSetup.OK;
    }

    private void checkOptions() {
        if (registrationConfig && roleArn == null) {
            throw new ParameterException(spec.commandLine(), "--registration-config needs --role-arn ARN");
        }
        if (!registrationConfig && roleArn != null) {
            throw new ParameterException(spec.commandLine(), "--role-arn goes with --registration-config");
        }
        if (registrationConfig && raw) {
            throw new ParameterException(spec.commandLine(), "--raw and --registration-config exclude each other");
        }
    }
}
