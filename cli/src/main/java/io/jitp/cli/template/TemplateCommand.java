package io.jitp.cli.template;

import picocli.CommandLine.Command;

/** {@code jitp template}: JITP provisioning templates as checked JSON, offline. */
@Command(name = "template", mixinStandardHelpOptions = true,
        header = "Validate, render and convert JITP provisioning templates (offline).",
        description = {
                "A template is kept as readable JSON; AWS receives it as the escaped templateBody string.",
                "FILE may hold the readable template, a templateBody, that body as a JSON string, or a "
                        + "registration-config document {\"templateBody\": ..., \"roleArn\": ...}."},
        subcommands = {TemplateValidateCommand.class, TemplateRenderCommand.class, TemplateBodyCommand.class,
                TemplateFormatCommand.class})
public class TemplateCommand {
}
