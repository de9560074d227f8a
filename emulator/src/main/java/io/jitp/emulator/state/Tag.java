package io.jitp.emulator.state;

/** A resource tag, as the API spells it ({@code Key}, {@code Value}). */
public record Tag(String key, String value) {
}
