package io.jitp.broker.enrollment;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.jitp.broker.iot.IotGateway;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.DeviceRecord;
import io.jitp.broker.store.DeviceStore;
import io.jitp.error.JitpException;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The device ledger seen through the API, and revocation: the certificate is made REVOKED in AWS IoT first (a
 * certificate IoT never saw, because the device never connected, is registered there as REVOKED so that JITP
 * cannot activate it later), then in the ledger, then {@link DeviceRevoked} is fired. Every step is safe to
 * repeat.
 */
@ApplicationScoped
public class DeviceService {

    private static final Logger LOG = Logger.getLogger(DeviceService.class);

    private final DeviceStore store;
    private final CaStore cas;
    private final IotGateway gateway;
    private final IotClient iot;
    private final Event<DeviceRevoked> revoked;

    public DeviceService(DeviceStore store, CaStore cas, IotGateway gateway, IotClient iot,
            Event<DeviceRevoked> revoked) {
        this.store = store;
        this.cas = cas;
        this.gateway = gateway;
        this.iot = iot;
        this.revoked = revoked;
    }

    /**
     * One page of the ledger's certificates, by thing then newest first.
     *
     * @param after the cursor of the previous page's {@code next}, or {@code null} for the first page
     */
    public DevicePage list(String fleet, String status, Integer limit, String after) {
        if (status != null && !DeviceRecord.ACTIVE.equals(status) && !DeviceRecord.REVOKED.equals(status)) {
            throw JitpException.invalid("status", "status is ACTIVE or REVOKED", "give ACTIVE or REVOKED");
        }
        if (limit != null && (limit < 1 || limit > DeviceStore.MAX_LIMIT)) {
            throw JitpException.invalid("limit", "limit is between 1 and " + DeviceStore.MAX_LIMIT,
                    "give a smaller limit and follow the Link rel=\"next\" header for the rest");
        }
        int size = limit == null ? DeviceStore.MAX_LIMIT : limit;
        List<DeviceRecord> rows = store.list(fleet, status, DevicePage.decode(after), size + 1);
        boolean more = rows.size() > size;
        List<DeviceRecord> page = more ? rows.subList(0, size) : rows;
        return new DevicePage(page.stream().map(d -> DeviceView.of(d, false)).toList(),
                more ? DevicePage.encode(DeviceStore.Position.of(page.get(page.size() - 1))) : null);
    }

    /** A thing with its certificates. */
    public DeviceView.Thing show(String thingName) {
        return thing(thingName, null);
    }

    /** Revokes the thing's ACTIVE certificates (or one of them); repeating it changes nothing. */
    public DeviceView.Thing revoke(String thingName, EnrollmentRequests.Revoke request, String actor) {
        List<DeviceRecord> history = history(thingName);
        if (request == null || !thingName.equals(request.confirm())) {
            throw JitpException.invalid("confirm", "revoking a device needs its thing name as confirmation",
                    "set confirm to " + thingName);
        }
        List<DeviceRecord> targets = new ArrayList<>();
        for (DeviceRecord device : history) {
            boolean chosen = request.certificateId() == null ? !device.revoked()
                    : device.certificateId().equals(request.certificateId());
            if (chosen) {
                targets.add(device);
            }
        }
        if (request.certificateId() != null && targets.isEmpty()) {
            throw JitpException.notFound("certificate of " + thingName, request.certificateId());
        }
        List<String> changed = new ArrayList<>();
        for (DeviceRecord device : targets) {
            String inIot = revokeInIot(device);
            if (store.markRevoked(device.certificateId())) {
                changed.add(device.certificateId());
                Audit.record("device.revoked", actor, "thing", thingName, "certificateId", device.certificateId(),
                        "iot", inIot);
            }
            revoked.fire(new DeviceRevoked(thingName, device.certificateId()));
        }
        return thing(thingName, changed);
    }

    /** Makes the certificate REVOKED in AWS IoT; returns what was done. */
    private String revokeInIot(DeviceRecord device) {
        String id = device.certificateId();
        try {
            CertificateStatus status = gateway.invoke("DescribeCertificate",
                    () -> iot.describeCertificate(b -> b.certificateId(id))).certificateDescription().status();
            if (status == CertificateStatus.REVOKED) {
                return "already-revoked";
            }
            update(id);
            return "revoked";
        } catch (ResourceNotFoundException notInIot) {
            // The device never connected: register the certificate REVOKED so that JITP cannot activate it.
            String caPem = cas.find(device.caId()).map(c -> c.certificatePem()).orElse(null);
            try {
                gateway.invoke("RegisterCertificate", () -> iot.registerCertificate(b -> b
                        .certificatePem(device.certificatePem()).caCertificatePem(caPem)
                        .status(CertificateStatus.REVOKED)));
                LOG.debugf("registered a never-seen certificate as REVOKED [certificateId=%s]", id);
                return "registered-revoked";
            } catch (ResourceAlreadyExistsException raced) {
                // The device connected meanwhile and JITP registered it.
                update(id);
                return "revoked";
            } catch (RuntimeException e) {
                throw IotGateway.translate("RegisterCertificate", e);
            }
        } catch (RuntimeException e) {
            throw IotGateway.translate("DescribeCertificate", e);
        }
    }

    private void update(String id) {
        gateway.call("UpdateCertificate",
                () -> iot.updateCertificate(b -> b.certificateId(id).newStatus(CertificateStatus.REVOKED)));
    }

    private List<DeviceRecord> history(String thingName) {
        List<DeviceRecord> history = thingName == null || thingName.length() > 128 ? List.of()
                : store.history(thingName);
        if (history.isEmpty()) {
            throw JitpException.notFound("device", String.valueOf(thingName));
        }
        return history;
    }

    private DeviceView.Thing thing(String thingName, List<String> changed) {
        List<DeviceRecord> history = history(thingName);
        DeviceRecord current = history.stream().filter(d -> !d.revoked()).findFirst().orElse(null);
        return new DeviceView.Thing(thingName, current != null ? DeviceRecord.ACTIVE : DeviceRecord.REVOKED,
                current == null ? null : DeviceView.of(current, true),
                history.stream().map(d -> DeviceView.of(d, false)).toList(), changed);
    }
}
