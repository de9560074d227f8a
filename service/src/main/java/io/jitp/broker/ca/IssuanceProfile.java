package io.jitp.broker.ca;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jitp.error.JitpException;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyType;
import io.jitp.pki.SubjectField;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a CA puts into the device certificates it issues (used by enrollment, part 2) and what a JITP template
 * attached to it may therefore rely on. The JSON form of {@link IssuancePolicy}: subject fields by their short
 * names (CN, O, OU, C, ST, serialNumber, dnQualifier), key types by label (p256, rsa2048, …).
 *
 * @param keyTypes device key types accepted
 * @param requiredFields subject fields every request must carry
 * @param forbiddenFields subject fields a request must not carry
 * @param fixedFields subject field values the CA writes into every certificate
 * @param commonNamePattern a regular expression the CN (the thing name) must match
 * @param validityDays the validity of device certificates, in days (also the most a request may ask for)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuanceProfile(List<String> keyTypes, List<String> requiredFields, List<String> forbiddenFields,
        Map<String, String> fixedFields, String commonNamePattern, Integer validityDays) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fills defaults: every key type, no field rules, CN a thing name. */
    public IssuanceProfile {
        keyTypes = keyTypes == null || keyTypes.isEmpty() ? KeyTypeLabels.all() : List.copyOf(keyTypes);
        requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
        forbiddenFields = forbiddenFields == null ? List.of() : List.copyOf(forbiddenFields);
        fixedFields = fixedFields == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(fixedFields));
        commonNamePattern = commonNamePattern == null ? IssuancePolicy.THING_NAME_PATTERN : commonNamePattern;
    }

    /** The default profile with the given device validity. */
    public static IssuanceProfile defaults(int validityDays) {
        return new IssuanceProfile(null, null, null, null, null, validityDays);
    }

    /** This profile with the validity filled in when it was left out. */
    public IssuanceProfile withDefaultValidity(int days) {
        return validityDays != null ? this
                : new IssuanceProfile(keyTypes, requiredFields, forbiddenFields, fixedFields, commonNamePattern, days);
    }

    /** The policy of the PKI core; every mistake is a 400 naming the field under {@code profile}. */
    public IssuancePolicy toPolicy() {
        if (validityDays != null && (validityDays < 1 || validityDays > 3650)) {
            throw JitpException.invalid("profile.validityDays", "validityDays must be between 1 and 3650",
                    "give the device certificate validity in days, e.g. 365");
        }
        Set<KeyType> types = EnumSet.noneOf(KeyType.class);
        for (String label : keyTypes) {
            types.add(parseKeyType(label));
        }
        Map<SubjectField, String> fixed = new LinkedHashMap<>();
        fixedFields.forEach((name, value) -> fixed.put(field(name, "profile.fixedFields"), value));
        Set<SubjectField> required = fields(requiredFields, "profile.requiredFields");
        Set<SubjectField> forbidden = fields(forbiddenFields, "profile.forbiddenFields");
        try {
            return new IssuancePolicy(types, required, forbidden, fixed, commonNamePattern,
                    validityDays == null ? null : Duration.ofDays(validityDays));
        } catch (JitpException e) {
            throw new JitpException(e.reason(), e.getMessage(), e.field() == null ? "profile" : "profile." + e.field(),
                    e.fix(), e.violations(), e);
        }
    }

    /** The subject fields every certificate under this profile carries, as short names. */
    public List<String> guaranteedFields() {
        List<String> names = new ArrayList<>();
        toPolicy().guaranteedSubjectFields().forEach(f -> names.add(f.shortName()));
        return names;
    }

    /** The JSON stored with the CA. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the stored JSON. */
    public static IssuanceProfile fromJson(String json) {
        try {
            return JSON.readValue(json, IssuanceProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored issuance profile is not readable", e);
        }
    }

    private static KeyType parseKeyType(String label) {
        try {
            return KeyType.parse(label);
        } catch (JitpException e) {
            throw JitpException.invalid("profile.keyTypes", "unknown key type '" + label + "'",
                    "use some of " + KeyType.labels());
        }
    }

    private static Set<SubjectField> fields(List<String> names, String where) {
        Set<SubjectField> fields = EnumSet.noneOf(SubjectField.class);
        names.forEach(name -> fields.add(field(name, where)));
        return fields;
    }

    private static SubjectField field(String name, String where) {
        return SubjectField.ofShortName(name).orElseThrow(() -> JitpException.invalid(where,
                "unknown subject field '" + name + "'", "use CN, O, OU, C, ST, serialNumber or dnQualifier"));
    }

    /** The labels of every key type. */
    static final class KeyTypeLabels {
        private KeyTypeLabels() {
        }

        static List<String> all() {
            List<String> labels = new ArrayList<>();
            for (KeyType type : KeyType.values()) {
                labels.add(type.label());
            }
            return labels;
        }
    }
}
