package io.jitp.broker.security;

/** The roles of API tokens. An admin token also holds the operator role. */
public final class Roles {

    /** CAs, templates, fleets: everything that changes what AWS IoT trusts. */
    public static final String ADMIN = "admin";
    /** Read access, and (part 2) enrollment tokens. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
