package io.jitp.cli.pki;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same commands against the packaged application: the fast-jar, or the native binary under -Dnative. */
@QuarkusMainIntegrationTest
class PkiCommandIT extends PkiCommandTest {
}
