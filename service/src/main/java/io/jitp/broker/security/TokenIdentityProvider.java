package io.jitp.broker.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a known API token into an identity named after the token, with its role (admin implies operator). */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiTokens tokens;

    public TokenIdentityProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return tokens.lookup(request.getToken().getToken())
                .map(holder -> {
                    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(holder.name()))
                            .addRole(holder.role());
                    if (Roles.ADMIN.equals(holder.role())) {
                        identity.addRole(Roles.OPERATOR);
                    }
                    return Uni.createFrom().item((SecurityIdentity) identity.build());
                })
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown token")));
    }
}
