package io.jitp.broker.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One check of the doctor's report.
 *
 * @param name what was checked: {@code ledger}, {@code certificate}, {@code ca}, {@code thing}, {@code attachment},
 *     {@code role-alias}, {@code policy}, {@code clock}
 * @param status {@code ok}, {@code warn} (works now or will, but look) or {@code fail} (the exchange fails)
 * @param message what was found
 * @param fix how to fix it ({@code null} when ok)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorCheck(String name, String status, String message, String fix) {

    /** The check passed. */
    public static final String OK = "ok";
    /** Works, or will once the device has connected, but deserves a look. */
    public static final String WARN = "warn";
    /** The device's exchange fails because of this. */
    public static final String FAIL = "fail";

    static DoctorCheck ok(String name, String message) {
        return new DoctorCheck(name, OK, message, null);
    }

    static DoctorCheck warn(String name, String message, String fix) {
        return new DoctorCheck(name, WARN, message, fix);
    }

    static DoctorCheck fail(String name, String message, String fix) {
        return new DoctorCheck(name, FAIL, message, fix);
    }

    /** 0 ok, 1 warn, 2 fail. */
    int severity() {
        return switch (status) {
            case FAIL -> 2;
            case WARN -> 1;
            default -> 0;
        };
    }
}
