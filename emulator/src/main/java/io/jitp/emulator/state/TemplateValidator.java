package io.jitp.emulator.state;

/** Checks a provisioning-template body before the state stores it. */
@FunctionalInterface
public interface TemplateValidator {

    /**
     * @param body the template body (a JSON document as a string)
     * @param type the kind of template it is used as
     * @param member the request member it came from, named in errors
     * @throws IotServiceException {@code InvalidRequestException} listing what is wrong
     */
    void validate(String body, TemplateType type, String member);
}
