package io.jitp.broker.enrollment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.jitp.broker.store.DeviceStore;
import io.jitp.error.JitpException;
import io.jitp.pki.IssuancePolicy;

/**
 * A page of the device ledger and the cursor of the next one ({@code null} on the last page). The cursor is the
 * position of the page's last row (thing, issue time, certificate id) in base64url: opaque to clients, stable
 * while rows are added, and it holds nothing secret.
 *
 * @param devices the rows of this page
 * @param next the {@code after} value of the next page, or {@code null}
 */
public record DevicePage(List<DeviceView> devices, String next) {

    private static final String SEPARATOR = "\n";

    static String encode(DeviceStore.Position position) {
        String plain = position.thingName() + SEPARATOR + position.issuedAt().toEpochMilli() + SEPARATOR
                + position.certificateId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; a 400 naming {@code after} when it is not one this broker made. */
    static DeviceStore.Position decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        if (cursor.length() > 512 || parts.length != 3 || !parts[0].matches(IssuancePolicy.THING_NAME_PATTERN)
                || !parts[1].matches("[0-9]{1,15}") || !parts[2].matches("[0-9a-f]{64}")) {
            throw invalidCursor();
        }
        return new DeviceStore.Position(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
    }

    private static JitpException invalidCursor() {
        return JitpException.invalid("after", "after is not a cursor of this listing",
                "leave after out for the first page, then follow the Link rel=\"next\" header of each answer");
    }
}
