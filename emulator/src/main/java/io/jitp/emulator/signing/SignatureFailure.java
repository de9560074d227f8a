package io.jitp.emulator.signing;

/**
 * Why a request's SigV4 authentication was refused. Each surface turns the {@link Kind} into its own wire error
 * (restJson for IoT, XML for STS). The message is safe for the caller: it names no secret.
 */
public final class SignatureFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of refusal. */
    public enum Kind {
        /** No Authorization header. */
        MISSING_AUTHENTICATION,
        /** The Authorization header is not a complete SigV4 header. */
        INCOMPLETE_SIGNATURE,
        /** The access key id is unknown. */
        UNKNOWN_ACCESS_KEY,
        /** The session token does not belong to the access key id. */
        INVALID_SESSION_TOKEN,
        /** The temporary credentials have expired. */
        EXPIRED_TOKEN,
        /** The recomputed signature differs. */
        SIGNATURE_MISMATCH,
        /** The request time is more than 15 minutes away from the emulator's clock. */
        SIGNATURE_EXPIRED,
        /** The credential scope names another service or region. */
        WRONG_SCOPE
    }

    private final Kind kind;

    /**
     * @param kind the kind of refusal
     * @param message a message safe for the caller
     */
    public SignatureFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** The kind of refusal. */
    public Kind kind() {
        return kind;
    }
}
