package io.jitp.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/** The store's contract, run against both databases by its subclasses. */
abstract class StoreContract {

    @Inject
    CaStore cas;

    @Inject
    FleetStore fleets;

    @Inject
    MetaStore meta;

    @Inject
    DeviceStore devices;

    @Inject
    TokenStore tokens;

    @Inject
    Database database;

    abstract String expectedKind();

    @Test
    void database_isTheConfiguredKind() {
        assertThat(database.kind()).isEqualTo(expectedKind());
    }

    @Test
    void insert_thenFind_returnsEveryField() {
        CaRecord ca = ca("roundtrip", 1, CaRecord.CURRENT);

        CaRecord stored = cas.insert(ca);

        CaRecord found = cas.find(ca.id()).orElseThrow();
        assertThat(found).usingRecursiveComparison().ignoringFields("createdAt", "updatedAt", "rowVersion")
                .isEqualTo(ca);
        assertThat(found.createdAt()).isEqualTo(stored.createdAt());
        assertThat(found.rowVersion()).isEqualTo(1);
        assertThat(found.toString()).doesNotContain(ca.sealedKey());
    }

    @Test
    void insert_sameIdTwice_isConflict() {
        CaRecord ca = ca("twice", 1, CaRecord.CURRENT);
        cas.insert(ca);

        assertThatThrownBy(() -> cas.insert(ca)).isInstanceOf(JitpException.class)
                .extracting(e -> ((JitpException) e).reason()).isEqualTo(Reason.CONFLICT);
    }

    @Test
    void update_withStaleVersion_isConflictAndKeepsTheNewerWrite() {
        CaRecord stored = cas.insert(ca("stale", 1, CaRecord.CURRENT));
        CaRecord first = cas.update(stored.withStatus(CaRecord.RETIRING));

        assertThatThrownBy(() -> cas.update(stored.withStatus(CaRecord.RETIRED)))
                .isInstanceOf(JitpException.class)
                .extracting(e -> ((JitpException) e).reason()).isEqualTo(Reason.CONFLICT);
        assertThat(cas.find(stored.id()).orElseThrow().status()).isEqualTo(CaRecord.RETIRING);
        assertThat(first.rowVersion()).isEqualTo(2);
    }

    @Test
    void destroyedKey_isStoredAsNull() {
        CaRecord stored = cas.insert(ca("destroy", 1, CaRecord.CURRENT));

        cas.update(stored.withoutKey());

        assertThat(cas.find(stored.id()).orElseThrow().sealedKey()).isNull();
    }

    @Test
    void generations_andCurrent_followTheName() {
        String name = "gen-" + UUID.randomUUID().toString().substring(0, 8);
        cas.insert(ca(name, 1, CaRecord.RETIRING));
        CaRecord second = cas.insert(ca(name, 2, CaRecord.CURRENT));

        int last = database.transaction(connection -> cas.lastGeneration(connection, name));

        assertThat(last).isEqualTo(2);
        assertThat(cas.findCurrent(name).orElseThrow().id()).isEqualTo(second.id());
        assertThat(cas.list()).filteredOn(c -> c.name().equals(name)).extracting(CaRecord::generation)
                .containsExactly(2, 1);
    }

    @Test
    void registration_stepsAreWrittenOptimistically() {
        CaRecord ca = cas.insert(ca("registration", 1, CaRecord.CURRENT));
        RegistrationRecord started = cas.insertRegistration(new RegistrationRecord(ca.id(), "DEFAULT", true, true,
                "tpl", RegistrationRecord.STARTED, null, null, null, null, false, 0, Instant.now(), Instant.now(),
                0));

        RegistrationRecord coded = cas.updateRegistration(started.withCode("ab".repeat(32)));
        RegistrationRecord done = cas.updateRegistration(coded.registered("arn:aws:iot:x", "ACTIVE", true));

        assertThat(cas.findRegistration(ca.id()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("updatedAt", "createdAt").isEqualTo(done);
        assertThatThrownBy(() -> cas.updateRegistration(coded.withVerification("pem")))
                .isInstanceOf(JitpException.class);
        assertThat(done.rowVersion()).isEqualTo(3);
        assertThat(done.adopted()).isTrue();
    }

    @Test
    void meta_putIfAbsent_keepsTheFirstValue() {
        String name = "meta-" + UUID.randomUUID();

        String first = meta.putIfAbsent(name, "one");
        String second = meta.putIfAbsent(name, "two");

        assertThat(first).isEqualTo("one");
        assertThat(second).isEqualTo("one");
        assertThat(meta.get(name)).contains("one");
    }

    @Test
    void fleet_saveInsertsThenUpdatesOptimistically() {
        String name = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
        FleetRecord created = fleets.save(new FleetRecord(name, "alias", "arn:aws:iam::123456789012:role/r", 3600,
                "policy", null, null, null, null, false, null, null, 0), null);

        FleetRecord updated = fleets.save(new FleetRecord(name, "alias", "arn:aws:iam::123456789012:role/r", 900,
                "policy", "arn:alias", "arn:policy", "ca", "tpl", true, null, null, 0), created);

        assertThat(fleets.find(name).orElseThrow().credentialDurationSeconds()).isEqualTo(900);
        assertThat(fleets.find(name).orElseThrow().custodial()).isTrue();
        assertThat(created.custodial()).isFalse();
        assertThat(updated.rowVersion()).isEqualTo(2);
        assertThatThrownBy(() -> fleets.save(created, created)).isInstanceOf(JitpException.class);
        assertThat(fleets.list()).extracting(FleetRecord::name).contains(name);
    }

    @Test
    void devices_ledgerKeepsHistoryCurrentAndSealedKey() {
        CaRecord ca = cas.insert(ca("ledger", 1, CaRecord.CURRENT));
        String thing = "thing-" + UUID.randomUUID().toString().substring(0, 8);
        DeviceRecord first = device(thing, ca.id(), Instant.now().minusSeconds(1));
        DeviceRecord second = device(thing, ca.id(), Instant.now());
        byte[] keyPem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".getBytes();
        database.transaction(connection -> devices.insert(connection, first, null));
        DeviceRecord stored = database.transaction(connection -> devices.insert(connection, second,
                devices.sealCustodialKey(second.certificateId(), keyPem.clone())));

        assertThat(devices.findCurrent(thing).orElseThrow().certificateId()).isEqualTo(second.certificateId());
        assertThat(devices.findByCertificateId(first.certificateId()).orElseThrow()).usingRecursiveComparison()
                .ignoringFields("issuedAt").isEqualTo(first);
        assertThat(stored.custodialKey()).isTrue();
        assertThat(new String(devices.custodialKeyPem(second.certificateId()).orElseThrow()))
                .isEqualTo(new String(keyPem));
        assertThat(devices.custodialKeyPem(first.certificateId())).isEmpty();
        assertThat(devices.history(thing)).extracting(DeviceRecord::certificateId)
                .containsExactly(second.certificateId(), first.certificateId());

        assertThat(devices.markRevoked(second.certificateId())).isTrue();
        assertThat(devices.markRevoked(second.certificateId())).isFalse();
        assertThat(devices.findCurrent(thing).orElseThrow().certificateId()).isEqualTo(first.certificateId());
        assertThat(devices.findByCertificateId(second.certificateId()).orElseThrow().revokedAt()).isNotNull();
        assertThat(devices.list(null, DeviceRecord.REVOKED, null, 1000)).extracting(DeviceRecord::certificateId)
                .contains(second.certificateId()).doesNotContain(first.certificateId());
        // Keyset paging: after the newer certificate of the thing comes its older one, then other things.
        DeviceStore.Position newer = DeviceStore.Position.of(devices.findByCertificateId(second.certificateId())
                .orElseThrow());
        assertThat(devices.list(null, null, newer, 1)).extracting(DeviceRecord::certificateId)
                .containsExactly(first.certificateId());
        assertThat(devices.list(null, null, DeviceStore.Position.of(devices.findByCertificateId(
                first.certificateId()).orElseThrow()), 1000)).extracting(DeviceRecord::thingName)
                .allMatch(other -> other.compareTo(thing) > 0);
        assertThat(stored.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void tokens_consumedExactlyUsesTimes_byConcurrentTransactions() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        tokens.insert(new TokenRecord(id, UUID.randomUUID().toString().replace("-", "") + "0".repeat(32), null,
                "fleet", null, "pump-[0-9]+", 3, 3, false, now.plus(1, ChronoUnit.HOURS), null, "test", now, null));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> database.transaction(c -> tokens.consume(c, id, Instant.now()))));
            }
            long won = 0;
            for (java.util.concurrent.Future<Boolean> attempt : attempts) {
                won += attempt.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        TokenRecord spent = tokens.find(id).orElseThrow();
        assertThat(spent.usesLeft()).isZero();
        assertThat(spent.state(Instant.now())).isEqualTo("USED");
        assertThat(spent.toString()).doesNotContain(spent.tokenHash());

        String expiring = UUID.randomUUID().toString();
        tokens.insert(new TokenRecord(expiring, UUID.randomUUID().toString().replace("-", "") + "1".repeat(32), null,
                "fleet", "one", null, 1, 1, false, now.plusSeconds(60), null, "test", now, null));
        boolean afterExpiry = database.transaction(c -> tokens.consume(c, expiring, now.plusSeconds(61)));
        assertThat(afterExpiry).isFalse();
        assertThat(tokens.revoke(expiring, now)).isTrue();
        assertThat(tokens.revoke(expiring, now)).isFalse();
        boolean afterRevocation = database.transaction(c -> tokens.consume(c, expiring, now));
        assertThat(afterRevocation).isFalse();
        assertThat(tokens.find(expiring).orElseThrow().usesLeft()).isEqualTo(1);
    }

    static DeviceRecord device(String thing, String caId, Instant issuedAt) {
        String id = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DeviceRecord(thing, id, "01", caId, null, now, now.plus(1, ChronoUnit.DAYS), DeviceRecord.ACTIVE,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", false, null,
                issuedAt.truncatedTo(ChronoUnit.MILLIS), null);
    }

    static CaRecord ca(String name, int generation, String status) {
        String id = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new CaRecord(id, name, generation, status, "CREATED", "CN=" + name, "p256", "0a1b", now,
                now.plus(1, ChronoUnit.DAYS), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "sealed-" + id, "{\"keyTypes\":[\"p256\"]}", null, now, now, 1);
    }
}
