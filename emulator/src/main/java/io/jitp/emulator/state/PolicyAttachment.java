package io.jitp.emulator.state;

/** A policy attached to a target (a certificate ARN, a thing-group ARN or a Cognito identity). */
public record PolicyAttachment(String target, String policyName) {
}
