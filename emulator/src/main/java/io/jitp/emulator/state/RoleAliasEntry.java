package io.jitp.emulator.state;

import java.util.List;

/**
 * A role alias: the name devices use on the credentials endpoint for an IAM role.
 *
 * @param alias the alias name
 * @param roleArn the IAM role the credentials are for
 * @param credentialDurationSeconds lifetime of the issued credentials (900 to 43,200)
 * @param createdMillis creation time, epoch milliseconds
 * @param modifiedMillis last modification time, epoch milliseconds
 * @param tags tags given at creation
 */
public record RoleAliasEntry(String alias, String roleArn, int credentialDurationSeconds, long createdMillis,
        long modifiedMillis, List<Tag> tags) {

    public RoleAliasEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
