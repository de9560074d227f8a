package io.jitp.pki;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;
import io.jitp.error.Reason;

/**
 * What a CA agrees to issue. A device certificate's subject is built by the issuer, never copied blindly: CN is
 * the thing name, the {@code fixedFields} are set to the policy's values, and the other JITP fields the request
 * carries are kept. Attributes outside the seven {@link SubjectField}s are dropped.
 *
 * @param allowedKeyTypes the device key types accepted; not empty
 * @param requiredFields fields the request must carry (a field also in {@code fixedFields} is supplied by the
 *     issuer instead); CN is always supplied as the thing name
 * @param forbiddenFields fields a request must not carry; never CN
 * @param fixedFields values the issuer writes into every certificate; a request may carry the same value but not
 *     another; never CN
 * @param commonNamePattern a regular expression the whole CN (the thing name) must match
 * @param maxValidity the longest validity a certificate may be given
 */
public record IssuancePolicy(Set<KeyType> allowedKeyTypes, Set<SubjectField> requiredFields,
        Set<SubjectField> forbiddenFields, Map<SubjectField, String> fixedFields, String commonNamePattern,
        Duration maxValidity) {

    /** An AWS IoT thing name: 1 to 128 of letters, digits, colon, underscore and hyphen. */
    public static final String THING_NAME_PATTERN = "[a-zA-Z0-9:_-]{1,128}";

    /** The longest validity the default policy allows: ten years. */
    public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofDays(3650);

    private static final String WEAK_KEY_FIX = "generate a new key pair on the device with a maintained library "
            + "(e.g. openssl genpkey -algorithm RSA) and make a new CSR";

    /** Validates the policy itself and makes its collections immutable. */
    public IssuancePolicy {
        allowedKeyTypes = immutableSet(allowedKeyTypes, KeyType.class);
        requiredFields = immutableSet(requiredFields, SubjectField.class);
        forbiddenFields = immutableSet(forbiddenFields, SubjectField.class);
        fixedFields = fixedFields == null ? Map.of() : Collections.unmodifiableMap(copy(fixedFields));
        commonNamePattern = commonNamePattern == null ? THING_NAME_PATTERN : commonNamePattern;
        maxValidity = maxValidity == null ? DEFAULT_MAX_VALIDITY : maxValidity;
        validate(allowedKeyTypes, requiredFields, forbiddenFields, fixedFields, commonNamePattern, maxValidity);
    }

    /** Every supported key type, no required, forbidden or fixed field, CN a thing name, ten years at most. */
    public static IssuancePolicy defaults() {
        return new IssuancePolicy(EnumSet.allOf(KeyType.class), Set.of(), Set.of(), Map.of(), THING_NAME_PATTERN,
                DEFAULT_MAX_VALIDITY);
    }

    /**
     * The subject fields every certificate issued under this policy carries: CN (the thing name) always, plus
     * the fixed and the required fields. A JITP template may rely on exactly these certificate parameters.
     */
    public Set<SubjectField> guaranteedSubjectFields() {
        Set<SubjectField> fields = EnumSet.of(SubjectField.CN);
        fields.addAll(fixedFields.keySet());
        fields.addAll(requiredFields);
        return Collections.unmodifiableSet(fields);
    }

    /** This policy with other allowed key types. */
    public IssuancePolicy withAllowedKeyTypes(Set<KeyType> types) {
        return new IssuancePolicy(types, requiredFields, forbiddenFields, fixedFields, commonNamePattern,
                maxValidity);
    }

    /** This policy with other required fields. */
    public IssuancePolicy withRequiredFields(Set<SubjectField> fields) {
        return new IssuancePolicy(allowedKeyTypes, fields, forbiddenFields, fixedFields, commonNamePattern,
                maxValidity);
    }

    /** This policy with other forbidden fields. */
    public IssuancePolicy withForbiddenFields(Set<SubjectField> fields) {
        return new IssuancePolicy(allowedKeyTypes, requiredFields, fields, fixedFields, commonNamePattern,
                maxValidity);
    }

    /** This policy with other fixed field values. */
    public IssuancePolicy withFixedFields(Map<SubjectField, String> fields) {
        return new IssuancePolicy(allowedKeyTypes, requiredFields, forbiddenFields, fields, commonNamePattern,
                maxValidity);
    }

    /** This policy with another CN pattern. */
    public IssuancePolicy withCommonNamePattern(String pattern) {
        return new IssuancePolicy(allowedKeyTypes, requiredFields, forbiddenFields, fixedFields, pattern,
                maxValidity);
    }

    /** This policy with another maximum validity. */
    public IssuancePolicy withMaxValidity(Duration validity) {
        return new IssuancePolicy(allowedKeyTypes, requiredFields, forbiddenFields, fixedFields, commonNamePattern,
                validity);
    }

    /**
     * Checks a request against the policy and returns the subject the certificate gets.
     *
     * @param requested the subject the request asks for (a CSR's subject)
     * @param publicKey the key to certify
     * @param thingName the thing name; {@code null} to take the requested CN
     * @param validity the validity asked for
     * @throws JitpException {@link Reason#FORBIDDEN} naming every rule broken
     */
    public X500Name enforce(X500Name requested, SubjectPublicKeyInfo publicKey, String thingName,
            Duration validity) {
        List<Violation> violations = new ArrayList<>();
        checkKey(publicKey, violations);
        Map<SubjectField, String> fields = SubjectField.readAll(requested);
        checkSubject(requested, fields, violations);
        String commonName = checkThingName(fields.get(SubjectField.CN), thingName, violations);
        checkValidity(validity, violations);
        throwIfAny(violations);

        Map<SubjectField, String> subject = new EnumMap<>(SubjectField.class);
        subject.putAll(fields);
        subject.putAll(fixedFields);
        subject.put(SubjectField.CN, commonName);
        return SubjectNames.build(subject);
    }

    /** Checks a CSR (subject, key) against the policy; the thing name is its CN. */
    public X500Name enforce(Csr csr, Duration validity) {
        return enforce(csr.subject(), csr.publicKeyInfo(), null, validity);
    }

    private void checkKey(SubjectPublicKeyInfo publicKey, List<Violation> violations) {
        Optional<KeyType> type = KeyType.of(publicKey);
        if (type.isEmpty() || !allowedKeyTypes.contains(type.get())) {
            violations.add(new Violation("keyType", "key type " + KeyType.describe(publicKey)
                    + " is not allowed by the issuance policy", "use one of " + labels(allowedKeyTypes)));
        } else if (type.get().isRsa()) {
            RsaKeyCheck.problem(publicKey).ifPresent(problem -> violations.add(new Violation("key",
                    problem + ": the key is weak or broken", WEAK_KEY_FIX)));
        }
    }

    private void checkSubject(X500Name requested, Map<SubjectField, String> fields, List<Violation> violations) {
        for (SubjectField field : SubjectField.repeated(requested)) {
            violations.add(new Violation("subject." + field.shortName(), "subject field " + field.shortName()
                    + " appears more than once", "give it once"));
        }
        for (SubjectField field : forbiddenFields) {
            if (fields.containsKey(field)) {
                violations.add(new Violation("subject." + field.shortName(), "subject field " + field.shortName()
                        + " is forbidden by the issuance policy", "leave " + field.shortName() + " out"));
            }
        }
        for (SubjectField field : requiredFields) {
            if (!fields.containsKey(field) && !fixedFields.containsKey(field)) {
                violations.add(new Violation("subject." + field.shortName(), "subject field " + field.shortName()
                        + " is required by the issuance policy and missing", "add " + field.shortName() + "=…"));
            }
        }
        fixedFields.forEach((field, value) -> {
            String given = fields.get(field);
            if (given != null && !given.equals(value)) {
                violations.add(new Violation("subject." + field.shortName(), "subject field " + field.shortName()
                        + " is fixed to '" + value + "' by the issuance policy, the request has '" + given + "'",
                        "leave " + field.shortName() + " out or set it to '" + value + "'"));
            }
        });
    }

    private String checkThingName(String requestedCn, String thingName, List<Violation> violations) {
        if (thingName != null && requestedCn != null && !thingName.equals(requestedCn)) {
            violations.add(new Violation("subject.CN", "subject CN '" + requestedCn
                    + "' differs from the thing name '" + thingName + "'", "request CN=" + thingName));
            return thingName;
        }
        String name = thingName != null ? thingName : requestedCn;
        if (name == null) {
            violations.add(new Violation("subject.CN", "no thing name: the request has no CN",
                    "put the thing name in the CN"));
        } else if (!Pattern.compile(commonNamePattern).matcher(name).matches()) {
            violations.add(new Violation("subject.CN", "CN '" + name + "' does not match the issuance policy's CN "
                    + "pattern " + commonNamePattern, "use a CN (thing name) that matches " + commonNamePattern));
        }
        return name;
    }

    private void checkValidity(Duration validity, List<Violation> violations) {
        if (validity == null || validity.isNegative() || validity.isZero()) {
            violations.add(new Violation("validity", "the validity must be positive", "ask for at least one day"));
        } else if (validity.compareTo(maxValidity) > 0) {
            violations.add(new Violation("validity", "a validity of " + validity.toDays()
                    + " days exceeds the issuance policy's maximum of " + maxValidity.toDays() + " days",
                    "ask for at most " + maxValidity.toDays() + " days"));
        }
    }

    private static void throwIfAny(List<Violation> violations) {
        if (violations.size() == 1) {
            Violation only = violations.get(0);
            throw JitpException.forbidden(only.pointer(), only.message(), only.fix());
        }
        if (!violations.isEmpty()) {
            throw new JitpException(Reason.FORBIDDEN, "the request breaks " + violations.size()
                    + " rules of the issuance policy", null, null, violations, null);
        }
    }

    private static void validate(Set<KeyType> allowed, Set<SubjectField> required, Set<SubjectField> forbidden,
            Map<SubjectField, String> fixed, String pattern, Duration maxValidity) {
        if (allowed.isEmpty()) {
            throw invalidPolicy("allowedKeyTypes", "no key type is allowed", "allow at least one key type");
        }
        if (forbidden.contains(SubjectField.CN) || fixed.containsKey(SubjectField.CN)) {
            throw invalidPolicy(forbidden.contains(SubjectField.CN) ? "forbiddenFields" : "fixedFields",
                    "CN is always the thing name: it can be neither forbidden nor fixed", "remove CN");
        }
        Set<SubjectField> clash = EnumSet.noneOf(SubjectField.class);
        clash.addAll(forbidden);
        clash.retainAll(union(required, fixed.keySet()));
        if (!clash.isEmpty()) {
            throw invalidPolicy("forbiddenFields", "field " + clash.iterator().next().shortName()
                    + " is both forbidden and required or fixed", "keep it in one list only");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw invalidPolicy("commonNamePattern", "the CN pattern is not a valid regular expression: "
                    + e.getDescription(), "fix the expression");
        }
        if (maxValidity.isNegative() || maxValidity.isZero()) {
            throw invalidPolicy("maxValidity", "the maximum validity must be positive", "give at least one day");
        }
        fixed.forEach((field, value) -> SubjectNames.build(Map.of(field, value)));
    }

    private static JitpException invalidPolicy(String field, String message, String fix) {
        return JitpException.invalid(field, "invalid issuance policy: " + message, fix);
    }

    private static Set<SubjectField> union(Set<SubjectField> a, Set<SubjectField> b) {
        Set<SubjectField> all = EnumSet.noneOf(SubjectField.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static <E extends Enum<E>> Set<E> immutableSet(Set<E> values, Class<E> type) {
        Set<E> copy = EnumSet.noneOf(type);
        if (values != null) {
            copy.addAll(values);
        }
        return Collections.unmodifiableSet(copy);
    }

    private static Map<SubjectField, String> copy(Map<SubjectField, String> values) {
        Map<SubjectField, String> copy = new EnumMap<>(SubjectField.class);
        copy.putAll(values);
        return copy;
    }

    private static String labels(Set<KeyType> types) {
        return types.stream().map(KeyType::label).collect(Collectors.joining(", "));
    }
}
