package io.jitp.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class JitpExceptionTest {

    @Test
    void withField_keepsReasonMessageFixAndCause() {
        IOException cause = new IOException("parser detail");
        JitpException original = JitpException.invalid("csr", "the CSR is corrupt", "give it again", cause);

        JitpException moved = original.withField("--csr");

        assertThat(moved.field()).isEqualTo("--csr");
        assertThat(moved.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(moved.getMessage()).isEqualTo("the CSR is corrupt");
        assertThat(moved.fix()).isEqualTo("give it again");
        assertThat(moved.getCause()).isSameAs(cause);
        assertThat(original.field()).isEqualTo("csr");
    }
}
