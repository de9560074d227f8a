package io.jitp.broker.doctor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The doctor's report on one thing: the worst status of its checks, and every check.
 *
 * @param thingName the thing
 * @param certificateId the certificate examined, or {@code null} when none was found
 * @param roleAlias the role alias examined, or {@code null}
 * @param status {@code ok}, {@code warn} or {@code fail}: the worst of the checks
 * @param checkedAt when
 * @param checks every check, in the order of the credentials provider's own checks
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorReport(String thingName, String certificateId, String roleAlias, String status,
        Instant checkedAt, List<DoctorCheck> checks) {

    static DoctorReport of(String thing, String certificateId, String roleAlias, List<DoctorCheck> checks) {
        String worst = checks.stream().max(Comparator.comparingInt(DoctorCheck::severity)).map(DoctorCheck::status)
                .orElse(DoctorCheck.OK);
        return new DoctorReport(thing, certificateId, roleAlias, worst, Instant.now(), List.copyOf(checks));
    }
}
