package io.jitp.cli.device;

import java.io.PrintWriter;

import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

/** Human output of devices. */
final class DevicePrinter {

    private DevicePrinter() {
    }

    static void details(PrintWriter out, JsonNode device) {
        Tables.details(out, device, "thing=thingName", "status=status", "certificate=current.certificateId",
                "fleet=current.fleet", "ca=current.caId", "valid from=current.notBefore",
                "valid until=current.notAfter", "custodial key=current.custodialKey");
        out.println();
        Tables.print(out, device.path("certificates"), "CERTIFICATE=certificateId", "STATUS=status",
                "ISSUED=issuedAt", "NOT AFTER=notAfter", "REVOKED=revokedAt");
    }
}
