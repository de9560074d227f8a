package io.jitp.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.jitp.error.JitpException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds the one {@link CommandLine} of the application: documented exit codes on every command, a one-line
 * message for every failure, and no stack trace unless {@code JITP_DEBUG=1}.
 */
@ApplicationScoped
public class CommandLineSetup {

    /** Exit code of a command that succeeded. */
    public static final int OK = 0;
    /** Exit code of a command that failed: invalid input, a refusal, an unreachable server. */
    public static final int FAILURE = 1;
    /** Exit code of a command line that could not be parsed. */
    public static final int USAGE = 2;

    private static final boolean DEBUG = "1".equals(System.getenv("JITP_DEBUG"));

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine commandLine = factory.create();
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setParameterExceptionHandler(new UsageHandler());
        documentExitCodes(commandLine);
        return commandLine;
    }

    private static void documentExitCodes(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.usageMessage().exitCodeList().isEmpty()) {
            Map<String, String> codes = new LinkedHashMap<>();
            codes.put(" " + OK, "success");
            codes.put(" " + FAILURE, "failure: invalid input, a refusal, or a server that could not be reached");
            codes.put(" " + USAGE, "usage error: unknown option, missing or malformed argument");
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        commandLine.getSubcommands().values().forEach(CommandLineSetup::documentExitCodes);
    }

    /** Prints one line for a failure; the exit code follows the exception's reason. */
    static final class FailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof JitpException failure) {
                err.println("jitp: " + describe(failure));
                failure.violations().forEach(v -> err.println("  " + v.pointer() + ": " + v.message()
                        + (v.fix() == null ? "" : " (" + v.fix() + ")")));
                printDebug(err, ex);
                err.flush();
                return failure.reason().exitCode();
            }
            err.println("jitp: unexpected error (" + ex.getClass().getSimpleName()
                    + "); run again with JITP_DEBUG=1 for details");
            printDebug(err, ex);
            err.flush();
            return FAILURE;
        }

        private static String describe(JitpException failure) {
            StringBuilder line = new StringBuilder(failure.getMessage());
            if (failure.field() != null || failure.fix() != null) {
                line.append(" [");
                if (failure.field() != null) {
                    line.append(failure.field());
                    if (failure.fix() != null) {
                        line.append(": ");
                    }
                }
                if (failure.fix() != null) {
                    line.append(failure.fix());
                }
                line.append(']');
            }
            return line.toString();
        }

        private static void printDebug(PrintWriter err, Exception ex) {
            if (DEBUG) {
                ex.printStackTrace(err);
            }
        }
    }

    /** Prints the parse error and a pointer to help; exit code 2. */
    static final class UsageHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            CommandLine commandLine = ex.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println("jitp: " + ex.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
    }
}
