package io.jitp.cli.device;

import java.io.PrintWriter;
import java.util.Locale;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp device doctor}: the broker's report on why a device does or will not get credentials. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Check why a device does or will not get AWS credentials.",
        description = {"Asks the broker to check, in AWS IoT: the device's certificate (ACTIVE, or not registered yet "
                + "and provisioned just in time on first contact), its CA (ACTIVE, auto-registration, JITP template), "
                + "the thing and its attachment to the certificate, the role alias and its duration, whether the "
                + "attached policies allow iot:AssumeRoleWithCertificate on the alias, and the clock. Each check is "
                + "ok, warn or FAIL, with a fix."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:no check failed (warnings may be shown)",
                " 1:the doctor could not run (the broker refused the request or cannot be reached)",
                " 2:usage error: unknown option, missing or malformed argument",
                " 4:at least one check failed: the device does not get credentials until it is fixed"})
public class DeviceDoctorCommand extends BrokerCommand {

    /** Exit code when a check failed. */
    static final int CHECK_FAILED = 4;

    @Parameters(paramLabel = "THING", description = "Thing name of the device.")
    String thing;

    @Option(names = "--role-alias", paramLabel = "ALIAS",
            description = "Role alias to check (default: the device's fleet's).")
    String roleAlias;

    @Override
    public Integer call() {
        BrokerClient client = BrokerClient.connect(broker);
        String path = "/v1/devices/" + segment(thing) + "/doctor" + (roleAlias == null ? ""
                : "?roleAlias=" + segment(roleAlias));
        JsonNode report = client.get(path);
        print(report, () -> human(out(), report));
        return "fail".equals(report.path("status").asText()) ? CHECK_FAILED : 0;
    }

    @Override
    protected void run(BrokerClient client) {
        throw new UnsupportedOperationException("call() does the work");
    }

    static void human(PrintWriter out, JsonNode report) {
        out.println("Device " + report.path("thingName").asText()
                + (report.hasNonNull("certificateId") ? "  certificate " + report.path("certificateId").asText()
                        : "")
                + (report.hasNonNull("roleAlias") ? "  role alias " + report.path("roleAlias").asText() : ""));
        int failed = 0;
        int warned = 0;
        for (JsonNode check : report.path("checks")) {
            String status = check.path("status").asText();
            failed += "fail".equals(status) ? 1 : 0;
            warned += "warn".equals(status) ? 1 : 0;
            String label = "fail".equals(status) ? "FAIL" : status;
            out.printf("  %-5s %-11s %s%n", label, check.path("name").asText(), check.path("message").asText());
            if (check.hasNonNull("fix") && !"ok".equals(status)) {
                out.printf("  %-5s %-11s fix: %s%n", "", "", check.path("fix").asText());
            }
        }
        out.println("Result: " + report.path("status").asText().toUpperCase(Locale.ROOT) + " (" + failed
                + " failed, " + warned + " warning" + (warned == 1 ? "" : "s") + ")");
        out.flush();
    }
}
