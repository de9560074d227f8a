package io.jitp.broker.security;

import org.jboss.logging.Logger;

/**
 * The audit trail: one INFO line per change to what AWS IoT trusts, on the logger {@code io.jitp.audit}, with
 * ids and the acting token's name, never a secret.
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger("io.jitp.audit");

    private Audit() {
    }

    /** Records an event, e.g. {@code ca.created}, with {@code key=value} context. */
    public static void record(String event, String actor, Object... keyValues) {
        StringBuilder line = new StringBuilder("audit event=").append(event).append(" actor=").append(clean(actor));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(clean(String.valueOf(keyValues[i + 1])));
        }
        LOG.info(line);
    }

    /** CR and LF removed (no forged lines); values with spaces or quotes are quoted. */
    private static String clean(String value) {
        if (value == null) {
            return "-";
        }
        String line = value.replaceAll("[\\r\\n]+", " ");
        return line.matches("[^\\s\"]*") ? line : "\"" + line.replace("\"", "\\\"") + "\"";
    }
}
