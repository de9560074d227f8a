package io.jitp.emulator.state;

/** A principal (certificate ARN) attached to a thing, with the attachment type. */
public record ThingPrincipal(String thingName, String principal, String type) {
}
