package io.jitp.emulator.signing;

/** Looks up the credentials behind an access key id. */
@FunctionalInterface
public interface CredentialResolver {

    /** The credentials for this access key id, or {@code null} when it is unknown. */
    CallerCredentials resolve(String accessKeyId);
}
