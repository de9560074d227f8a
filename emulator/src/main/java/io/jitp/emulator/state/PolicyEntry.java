package io.jitp.emulator.state;

import java.util.List;

/**
 * An IoT policy (one version: the emulator does not model policy versions).
 *
 * @param name the policy name
 * @param document the policy document as given
 * @param versionId always {@code "1"}
 * @param createdMillis creation time, epoch milliseconds
 * @param modifiedMillis last modification time, epoch milliseconds
 * @param generationId an opaque id of this state of the policy
 * @param tags tags given at creation
 */
public record PolicyEntry(String name, String document, String versionId, long createdMillis, long modifiedMillis,
        String generationId, List<Tag> tags) {

    public PolicyEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
