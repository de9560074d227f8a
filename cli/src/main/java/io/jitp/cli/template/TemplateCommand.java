package io.jitp.cli.template;

import picocli.CommandLine.Command;

/** {@code jitp template}: JITP provisioning templates. */
@Command(name = "template", mixinStandardHelpOptions = true,
        header = "Work with JITP provisioning templates: stored in AWS IoT through the broker.",
        subcommands = {TemplatePutCommand.class, TemplateGetCommand.class, TemplateListCommand.class,
                TemplateDeleteCommand.class})
public class TemplateCommand {
}
