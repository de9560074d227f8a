package io.jitp.emulator.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jitp.emulator.state.AutoRegistrationStatus;
import io.jitp.emulator.state.CaCertificateEntry;
import io.jitp.emulator.state.CaCertificateStatus;
import io.jitp.emulator.state.CertificateEntry;
import io.jitp.emulator.state.CertificateMode;
import io.jitp.emulator.state.CertificateStatus;
import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.IotState;
import io.jitp.template.RegistrationConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Registration code, CA certificates and device certificates (reference sections 2.1, 2.2 and 3). */
final class CertificateOperations {

    private final IotState state;
    private final IotAccount account;

    CertificateOperations(IotState state) {
        this.state = state;
        this.account = state.account();
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/registrationcode", "GetRegistrationCode", true, this::getRegistrationCode),
                Route.of("DELETE", "/registrationcode", "DeleteRegistrationCode", true, this::deleteRegistrationCode),
                Route.of("POST", "/cacertificate", "RegisterCACertificate", true, this::registerCaCertificate),
                Route.of("GET", "/cacertificate/{caCertificateId}", "DescribeCACertificate", false,
                        this::describeCaCertificate),
                Route.of("PUT", "/cacertificate/{caCertificateId}", "UpdateCACertificate", true,
                        this::updateCaCertificate),
                Route.of("DELETE", "/cacertificate/{caCertificateId}", "DeleteCACertificate", true,
                        this::deleteCaCertificate),
                Route.of("GET", "/cacertificates", "ListCACertificates", false, this::listCaCertificates),
                Route.of("POST", "/certificate/register", "RegisterCertificate", true, this::registerCertificate),
                Route.of("POST", "/certificate/register-no-ca", "RegisterCertificateWithoutCA", true,
                        this::registerCertificateWithoutCa),
                Route.of("GET", "/certificates/{certificateId}", "DescribeCertificate", false,
                        this::describeCertificate),
                Route.of("PUT", "/certificates/{certificateId}", "UpdateCertificate", true, this::updateCertificate),
                Route.of("DELETE", "/certificates/{certificateId}", "DeleteCertificate", true,
                        this::deleteCertificate),
                Route.of("GET", "/certificates", "ListCertificates", false, this::listCertificates),
                Route.of("GET", "/certificates-by-ca/{caCertificateId}", "ListCertificatesByCA", false,
                        this::listCertificatesByCa));
    }

    private JsonNode getRegistrationCode(ApiRequest request) {
        return Json.object().put("registrationCode", state.registrationCode());
    }

    private JsonNode deleteRegistrationCode(ApiRequest request) {
        state.deleteRegistrationCode();
        return Json.object();
    }

    // ---------------------------------------------------------------- CA certificates

    private JsonNode registerCaCertificate(ApiRequest request) {
        String caPem = pem(request.requiredString("caCertificate"), "caCertificate");
        String verificationPem = request.string("verificationCertificate");
        if (verificationPem != null) {
            pem(verificationPem, "verificationCertificate");
        }
        CertificateMode mode = enumValue(CertificateMode.class, request.string("certificateMode"),
                "certificateMode");
        CaCertificateEntry ca = state.registerCaCertificate(caPem, verificationPem,
                Boolean.TRUE.equals(request.queryBoolean("setAsActive")),
                Boolean.TRUE.equals(request.queryBoolean("allowAutoRegistration")),
                registrationConfig(request.object("registrationConfig")), request.tags(), mode);
        return Json.object()
                .put("certificateArn", account.caCertificateArn(ca.id()))
                .put("certificateId", ca.id());
    }

    static RegistrationConfig registrationConfig(JsonNode node) {
        if (node == null) {
            return null;
        }
        String body = ApiRequest.string(node, "templateBody", "registrationConfig.templateBody");
        String roleArn = ApiRequest.string(node, "roleArn", "registrationConfig.roleArn");
        String name = ApiRequest.string(node, "templateName", "registrationConfig.templateName");
        if (body != null && body.length() > 10240) {
            throw IotServiceException.invalid("registrationConfig.templateBody must be at most 10240 characters; "
                    + "it has " + body.length());
        }
        if (name != null && !name.matches("[0-9A-Za-z_-]{1,36}")) {
            throw IotServiceException.invalid("registrationConfig.templateName must be 1 to 36 characters of "
                    + "[0-9A-Za-z_-]");
        }
        return new RegistrationConfig(body, roleArn, name);
    }

    private ObjectNode registrationConfigJson(RegistrationConfig config) {
        ObjectNode node = Json.object();
        if (config != null) {
            Json.put(node, "templateBody", config.templateBody());
            Json.put(node, "roleArn", config.roleArn());
            Json.put(node, "templateName", config.templateName());
        }
        return node;
    }

    private JsonNode describeCaCertificate(ApiRequest request) {
        CaCertificateEntry ca = state.caCertificate(certificateId(request.label("caCertificateId"),
                "caCertificateId"));
        ObjectNode description = Json.object()
                .put("certificateArn", account.caCertificateArn(ca.id()))
                .put("certificateId", ca.id())
                .put("status", ca.status().name())
                .put("certificatePem", ca.pem())
                .put("ownedBy", account.accountId())
                .put("creationDate", Json.timestamp(ca.createdMillis()))
                .put("autoRegistrationStatus", ca.autoRegistrationStatus().name())
                .put("lastModifiedDate", Json.timestamp(ca.modifiedMillis()))
                .put("customerVersion", ca.customerVersion())
                .put("generationId", ca.generationId())
                .put("certificateMode", ca.mode().name());
        description.putObject("validity")
                .put("notBefore", Json.timestamp(ca.notBeforeMillis()))
                .put("notAfter", Json.timestamp(ca.notAfterMillis()));
        ObjectNode response = Json.object();
        response.set("certificateDescription", description);
        if (ca.registrationConfig() != null) {
            response.set("registrationConfig", registrationConfigJson(ca.registrationConfig()));
        }
        return response;
    }

    private JsonNode updateCaCertificate(ApiRequest request) {
        CaCertificateStatus newStatus = enumValue(CaCertificateStatus.class, request.query("newStatus"),
                "newStatus");
        AutoRegistrationStatus autoRegistration = enumValue(AutoRegistrationStatus.class,
                request.query("newAutoRegistrationStatus"), "newAutoRegistrationStatus");
        state.updateCaCertificate(certificateId(request.label("caCertificateId"), "caCertificateId"), newStatus,
                autoRegistration, registrationConfig(request.object("registrationConfig")),
                Boolean.TRUE.equals(request.bool("removeAutoRegistration")));
        return Json.object();
    }

    private JsonNode deleteCaCertificate(ApiRequest request) {
        state.deleteCaCertificate(certificateId(request.label("caCertificateId"), "caCertificateId"));
        return Json.object();
    }

    private JsonNode listCaCertificates(ApiRequest request) {
        boolean ascending = Boolean.TRUE.equals(request.queryBoolean("isAscendingOrder"));
        List<CaCertificateEntry> all = new ArrayList<>(state.caCertificates(request.query("templateName")));
        if (!ascending) {
            java.util.Collections.reverse(all);
        }
        Page<CaCertificateEntry> page = Page.of(all, ca -> Page.creationKey(ca.createdMillis(), ca.id()),
                request.query("marker"), request.queryInt("pageSize", 1, 250), !ascending, "marker");
        ObjectNode response = Json.object();
        ArrayNode certificates = response.putArray("certificates");
        for (CaCertificateEntry ca : page.items()) {
            certificates.addObject()
                    .put("certificateArn", account.caCertificateArn(ca.id()))
                    .put("certificateId", ca.id())
                    .put("status", ca.status().name())
                    .put("creationDate", Json.timestamp(ca.createdMillis()));
        }
        return Json.put(response, "nextMarker", page.next());
    }

    // ---------------------------------------------------------------- device certificates

    private JsonNode registerCertificate(ApiRequest request) {
        String pem = pem(request.requiredString("certificatePem"), "certificatePem");
        String caPem = request.string("caCertificatePem");
        if (caPem != null) {
            pem(caPem, "caCertificatePem");
        }
        CertificateStatus status = enumValue(CertificateStatus.class, request.string("status"), "status");
        CertificateEntry certificate = state.registerCertificate(pem, caPem,
                Boolean.TRUE.equals(request.queryBoolean("setAsActive")), status);
        return Json.object()
                .put("certificateArn", account.certificateArn(certificate.id()))
                .put("certificateId", certificate.id());
    }

    private JsonNode registerCertificateWithoutCa(ApiRequest request) {
        String pem = pem(request.requiredString("certificatePem"), "certificatePem");
        CertificateStatus status = enumValue(CertificateStatus.class, request.string("status"), "status");
        CertificateEntry certificate = state.registerCertificateWithoutCa(pem, status);
        return Json.object()
                .put("certificateArn", account.certificateArn(certificate.id()))
                .put("certificateId", certificate.id());
    }

    private JsonNode describeCertificate(ApiRequest request) {
        CertificateEntry certificate = state.certificate(certificateId(request.label("certificateId"),
                "certificateId"));
        ObjectNode description = Json.object()
                .put("certificateArn", account.certificateArn(certificate.id()))
                .put("certificateId", certificate.id());
        Json.put(description, "caCertificateId", certificate.caCertificateId())
                .put("status", certificate.status().name())
                .put("certificatePem", certificate.pem())
                .put("ownedBy", account.accountId())
                .put("creationDate", Json.timestamp(certificate.createdMillis()))
                .put("lastModifiedDate", Json.timestamp(certificate.modifiedMillis()))
                .put("customerVersion", certificate.customerVersion())
                .put("generationId", certificate.generationId())
                .put("certificateMode", certificate.mode().name());
        description.putObject("transferData");
        description.putObject("validity")
                .put("notBefore", Json.timestamp(certificate.notBeforeMillis()))
                .put("notAfter", Json.timestamp(certificate.notAfterMillis()));
        ObjectNode response = Json.object();
        response.set("certificateDescription", description);
        return response;
    }

    private JsonNode updateCertificate(ApiRequest request) {
        String value = request.query("newStatus");
        if (value == null) {
            throw IotServiceException.invalid("1 validation error detected: Value null at 'newStatus' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        state.updateCertificate(certificateId(request.label("certificateId"), "certificateId"),
                enumValue(CertificateStatus.class, value, "newStatus"));
        return Json.object();
    }

    private JsonNode deleteCertificate(ApiRequest request) {
        state.deleteCertificate(certificateId(request.label("certificateId"), "certificateId"),
                Boolean.TRUE.equals(request.queryBoolean("forceDelete")));
        return Json.object();
    }

    private JsonNode listCertificates(ApiRequest request) {
        return certificateList(request, state.certificates(null));
    }

    private JsonNode listCertificatesByCa(ApiRequest request) {
        return certificateList(request,
                state.certificates(certificateId(request.label("caCertificateId"), "caCertificateId")));
    }

    private JsonNode certificateList(ApiRequest request, List<CertificateEntry> sorted) {
        boolean ascending = Boolean.TRUE.equals(request.queryBoolean("isAscendingOrder"));
        List<CertificateEntry> all = new ArrayList<>(sorted);
        if (!ascending) {
            java.util.Collections.reverse(all);
        }
        Page<CertificateEntry> page = Page.of(all, c -> Page.creationKey(c.createdMillis(), c.id()),
                request.query("marker"), request.queryInt("pageSize", 1, 250), !ascending, "marker");
        ObjectNode response = Json.object();
        ArrayNode certificates = response.putArray("certificates");
        for (CertificateEntry certificate : page.items()) {
            certificates.addObject()
                    .put("certificateArn", account.certificateArn(certificate.id()))
                    .put("certificateId", certificate.id())
                    .put("status", certificate.status().name())
                    .put("certificateMode", certificate.mode().name())
                    .put("creationDate", Json.timestamp(certificate.createdMillis()));
        }
        return Json.put(response, "nextMarker", page.next());
    }

    // ---------------------------------------------------------------- helpers

    private static String pem(String value, String member) {
        if (value.isEmpty() || value.length() > 65536) {
            throw IotServiceException.invalid(member + " must be 1 to 65536 characters of PEM");
        }
        return value;
    }

    static String certificateId(String value, String member) {
        if (value == null || !value.matches("(0x)?[a-fA-F0-9]+") || value.length() != 64) {
            throw IotServiceException.invalid("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length 64 and match (0x)?[a-fA-F0-9]+");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String member) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw IotServiceException.invalid("1 validation error detected: Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
    }
}
