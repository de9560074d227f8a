package io.jitp.cli.ca;

import java.io.PrintWriter;

import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

/** Human output of CAs. */
final class CaPrinter {

    private CaPrinter() {
    }

    static void details(PrintWriter out, JsonNode ca) {
        Tables.details(out, ca, "id=id", "name=name", "generation=generation", "status=status", "origin=origin",
                "subject=subject", "key type=keyType", "serial=serial", "not before=notBefore",
                "not after=notAfter", "key held=keyPresent", "rotated from=rotatedFrom",
                "iot registration=registration.step", "iot mode=registration.mode",
                "iot status=registration.status", "auto-registration=registration.autoRegistration",
                "template=registration.templateName", "iot arn=registration.certificateArn",
                "adopted=registration.adopted", "profile key types=profile.keyTypes",
                "profile required=profile.requiredFields", "profile fixed=profile.fixedFields",
                "profile cn pattern=profile.commonNamePattern", "profile validity days=profile.validityDays");
    }
}
