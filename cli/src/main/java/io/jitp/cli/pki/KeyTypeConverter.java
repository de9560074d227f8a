package io.jitp.cli.pki;

import java.util.Arrays;
import java.util.Iterator;

import io.jitp.error.JitpException;
import io.jitp.pki.KeyType;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads --key-type values (rsa2048, rsa3072, rsa4096, p256, p384); an unknown one is a usage error. */
public final class KeyTypeConverter implements ITypeConverter<KeyType>, Iterable<String> {

    @Override
    public KeyType convert(String value) {
        try {
            return KeyType.parse(value);
        } catch (JitpException e) {
            throw new TypeConversionException("unknown key type '" + value + "' (use one of " + KeyType.labels()
                    + ")");
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(KeyType.values()).map(KeyType::label).iterator();
    }
}
