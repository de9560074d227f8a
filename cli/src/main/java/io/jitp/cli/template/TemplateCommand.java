package io.jitp.cli.template;

import picocli.CommandLine.Command;

/** {@code jitp template}: JITP provisioning templates as checked JSON, offline and in AWS IoT through the broker. */
@Command(name = "template", mixinStandardHelpOptions = true,
        header = "Validate, render and convert JITP provisioning templates; store them in AWS IoT through the "
                + "broker.",
        description = {
                "A template is kept as readable JSON; AWS receives it as the escaped templateBody string.",
                "FILE may hold the readable template, a templateBody, that body as a JSON string, or a "
                        + "registration-config document {\"templateBody\": ..., \"roleArn\": ...}.",
                "validate, render, body and format work offline; put, get, list and delete (and render --stored) "
                        + "talk to the broker."},
        subcommands = {TemplateValidateCommand.class, TemplateRenderCommand.class, TemplateBodyCommand.class,
                TemplateFormatCommand.class, TemplatePutCommand.class, TemplateGetCommand.class,
                TemplateListCommand.class, TemplateDeleteCommand.class})
public class TemplateCommand {
}
