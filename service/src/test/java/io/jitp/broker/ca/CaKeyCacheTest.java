package io.jitp.broker.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.broker.store.CaRecord;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * An opened CA key is reused for issuance while the stored row holds the same sealed key, and dropped as soon as
 * the CA retires; a row with another sealed key is never answered from memory.
 */
@QuarkusTest
class CaKeyCacheTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    CaService cas;

    @Test
    void openedCa_isReused_untilItsRowChangesOrItRetires() {
        CaRecord ca = cas.resolve(create());
        CertificateAuthority first = cas.authority(ca);
        assertThat(cas.authority(ca)).isSameAs(first);
        assertThat(cas.authority(cas.resolve(ca.id()))).isSameAs(first);

        // Another CA's sealed key under this CA's id: opened afresh (and refused: it is bound to the other id).
        CaRecord other = cas.resolve(create());
        CaRecord swapped = new CaRecord(ca.id(), ca.name(), ca.generation(), ca.status(), ca.origin(),
                ca.subject(), ca.keyType(), ca.serial(), ca.notBefore(), ca.notAfter(), ca.certificatePem(),
                other.sealedKey(), ca.profile(), ca.rotatedFrom(), ca.createdAt(), ca.updatedAt(), ca.rowVersion());
        assertThatThrownBy(() -> cas.authority(swapped)).isInstanceOf(JitpException.class);

        Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("confirm", ca.id(), "force", true, "destroyKey", true, "confirmDestroyKey", ca.id()))
                .post("/v1/cas/" + ca.id() + "/retirement").then().statusCode(200);
        assertThatThrownBy(() -> cas.authority(cas.resolve(ca.id()))).isInstanceOfSatisfying(JitpException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CONFLICT));
        // Retirement dropped the opened key: a stale copy of the row makes the broker unseal it again.
        assertThat(cas.authority(ca)).isNotSameAs(first);
    }

    private String create() {
        return Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", Fixtures.name("cache")))
                .post("/v1/cas").then().statusCode(201).extract().jsonPath().getString("id");
    }
}
