package io.jitp.exchange;

import io.jitp.pki.CertificateId;

/**
 * What one set of credentials belongs to: the same certificate asking the same endpoint for the same role alias
 * and thing. The cache and the single flight are keyed by it.
 *
 * @param certificateId the device certificate's id
 * @param endpoint the credentials endpoint, {@code host:port}
 * @param roleAlias the role alias
 * @param thingName the thing name sent in {@code x-amzn-iot-thingname}, or {@code null}
 */
public record ExchangeKey(CertificateId certificateId, String endpoint, String roleAlias, String thingName) {
}
