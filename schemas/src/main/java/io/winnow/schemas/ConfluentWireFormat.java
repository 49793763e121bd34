package io.winnow.schemas;

import java.nio.ByteBuffer;

/**
 * The framing that Confluent's serializers, and the registries compatible with them (Apicurio, Karapace,
 * Redpanda), put around an Avro binary body: a magic byte {@code 00}, the schema's 4-byte big-endian
 * registry id, then the body. Unlike {@link SingleObjectFormat} the id means nothing without the registry
 * that issued it ({@link SchemaRegistryClient}).
 */
public final class ConfluentWireFormat {

    /** The first byte of every framed message. */
    public static final byte MAGIC = 0;
    /** Magic byte plus schema id: the body starts at this offset. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** Whether {@code bytes} starts with the magic byte (it may still be too short to hold an id). */
    public static boolean hasMagic(byte[] bytes) {
        return bytes != null && bytes.length >= 1 && bytes[0] == MAGIC;
    }

    /** The schema id of a message with the magic byte and at least {@link #HEADER_LENGTH} bytes. */
    public static int schemaId(byte[] message) {
        if (!hasMagic(message) || message.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("not a Confluent-framed message with a complete header");
        }
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    /** Magic byte, {@code schemaId}, then {@code body}. */
    public static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(HEADER_LENGTH + body.length).put(MAGIC).putInt(schemaId).put(body).array();
    }
}
