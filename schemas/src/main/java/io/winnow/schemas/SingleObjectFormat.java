package io.winnow.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Avro's single-object encoding, the framing of every Winnow value: the 2-byte marker {@code C3 01}, the
 * 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the Avro
 * binary encoding of the record. There is no schema registry: a reader maps the fingerprint to a schema it
 * knows ({@link SchemaCatalog}).
 */
public final class SingleObjectFormat {

    /** First marker byte. */
    public static final byte MARKER_0 = (byte) 0xC3;
    /** Second marker byte (format version 1). */
    public static final byte MARKER_1 = (byte) 0x01;
    /** Marker plus fingerprint: the body starts at this offset. */
    public static final int HEADER_LENGTH = 10;

    private SingleObjectFormat() {
    }

    /** Whether {@code bytes} starts with the marker (it may still be too short to hold a fingerprint). */
    public static boolean hasMarker(byte[] bytes) {
        return bytes != null && bytes.length >= 2 && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
    }

    /**
     * The writer fingerprint of a message that {@linkplain #hasMarker has the marker} and holds at least
     * {@link #HEADER_LENGTH} bytes, as the {@code long} that {@link #fingerprint(Schema)} returns.
     */
    public static long fingerprint(byte[] message) {
        if (!hasMarker(message) || message.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("not a single-object message with a complete header");
        }
        return ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** CRC-64-AVRO fingerprint of the schema's parsing canonical form (docs, defaults and logical types do not count). */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as 16 hex digits, the way error messages and the README show it. */
    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }
}
