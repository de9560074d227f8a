package io.jitp.emulator.provisioning;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.jitp.emulator.state.CertificateEntry;
import io.jitp.emulator.state.CertificateStatus;
import io.jitp.emulator.state.IotState;
import io.jitp.error.JitpException;
import io.jitp.template.ProvisioningPlan;
import io.vertx.core.Vertx;

/**
 * Just-in-time provisioning of auto-registered certificates (reference section 4.2): when a PENDING_ACTIVATION
 * certificate makes contact, the template of its CA is applied after the provisioning delay — thing, policies,
 * attachments and the certificate's status, all at once. One attempt per certificate runs at a time, so a
 * certificate is provisioned exactly once however many requests it sends; a failed attempt (logged, as AWS
 * logs to CloudWatch) leaves the certificate PENDING_ACTIVATION and is tried again at its next contact. A CA
 * without a template (JITR) leaves its certificates PENDING_ACTIVATION.
 */
public final class JitpProvisioner {

    private static final Logger LOG = Logger.getLogger(JitpProvisioner.class);

    private final Vertx vertx;
    private final IotState state;
    private final Duration delay;
    private final JitpTemplates templates;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong provisioned = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param vertx for the delay timer and the worker that applies the plan
     * @param state the state
     * @param delay how long provisioning takes
     * @param templates renders templates
     */
    public JitpProvisioner(Vertx vertx, IotState state, Duration delay, JitpTemplates templates) {
        this.vertx = vertx;
        this.state = state;
        this.delay = delay;
        this.templates = templates;
    }

    /** A PENDING_ACTIVATION certificate made contact: schedule its provisioning unless one is under way. */
    public void onContact(CertificateEntry certificate) {
        if (certificate.status() != CertificateStatus.PENDING_ACTIVATION || !inFlight.add(certificate.id())) {
            return;
        }
        long millis = Math.max(1, delay.toMillis());
        vertx.setTimer(millis, id -> vertx.executeBlocking(() -> {
            try {
                provision(certificate);
            } finally {
                inFlight.remove(certificate.id());
            }
            return null;
        }, false));
    }

    /** How many certificates JITP has provisioned (each certificate counts once). */
    public long provisioned() {
        return provisioned.get();
    }

    /** How many JITP attempts failed (the certificate stayed PENDING_ACTIVATION). */
    public long failed() {
        return failed.get();
    }

    /** Whether provisioning of a certificate is scheduled or running. */
    public boolean inProgress(String certificateId) {
        return inFlight.contains(certificateId);
    }

    private void provision(CertificateEntry certificate) {
        String id = certificate.id();
        IotState.ResolvedTemplate template = state.jitpTemplateFor(certificate.caCertificateId());
        if (template == null) {
            LOG.infof("auto-registered certificate without a template (JITR): it stays PENDING_ACTIVATION "
                    + "certificateId=%s caCertificateId=%s", id, certificate.caCertificateId());
            return;
        }
        if (template.problem() != null) {
            failed.incrementAndGet();
            LOG.warnf("JITP failed certificateId=%s reason=%s", id, template.problem());
            return;
        }
        try {
            X509Certificate parsed = state.parsedCertificate(id);
            if (parsed == null) {
                LOG.debugf("JITP skipped: certificate deleted meanwhile certificateId=%s", id);
                return;
            }
            ProvisioningPlan plan = templates.render(template.body(), parsed);
            CertificateEntry result = state.applyProvisioning(id, plan);
            provisioned.incrementAndGet();
            state.flush();
            LOG.infof("JITP provisioned certificateId=%s thing=%s policies=%d status=%s", id,
                    plan.thing() == null ? "-" : plan.thing().thingName(), plan.policies().size(), result.status());
        } catch (JitpException e) {
            failed.incrementAndGet();
            LOG.warnf("JITP failed certificateId=%s reason=%s", id, JitpTemplates.describe(e));
        }
    }
}
