package io.jitp.cli.template;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.jitp.cli.CommandLineSetup;
import io.jitp.template.TemplateCodec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitp template format FILE}: the canonical readable JSON of a template. */
@Command(name = "format", mixinStandardHelpOptions = true,
        header = "Print a template as canonical readable JSON (policy documents as objects).",
        description = "Converts a templateBody or a registration-config document into the readable form kept in git.")
public class TemplateFormatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The template file.")
    Path file;

    @Option(names = "--write", description = "Rewrite FILE in place (atomically) instead of printing.")
    boolean write;

    @Override
    public Integer call() {
        String readable = TemplateCodec.toReadableJson(TemplateFiles.template(file));
        PrintWriter out = spec.commandLine().getOut();
        if (write) {
            TemplateFiles.replace(file, readable);
            out.println("wrote " + file);
        } else {
            out.print(readable);
        }
        out.flush();
        return CommandLineSetup.OK;
    }
}
