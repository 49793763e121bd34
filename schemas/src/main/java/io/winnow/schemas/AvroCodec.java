package io.winnow.schemas;

import io.winnow.schemas.SchemaCatalog.SchemaVersion;
import io.winnow.schemas.avro.DeadLetterReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Single-object codec for one generated record class: {@link #encode} writes the current schema's
 * fingerprint and body, {@link #decode} reads messages written with the current schema or any earlier version
 * in the {@link SchemaCatalog} (fields added since take their defaults).
 *
 * <p><b>Thread safety.</b> One instance per class ({@link #of}) is shared by all threads. Avro's
 * {@link BinaryMessageEncoder} and {@link BinaryMessageDecoder} are documented thread-safe: the non-thread-safe
 * parts (the {@code BinaryEncoder}/{@code BinaryDecoder}, the output buffer, the schema-resolving decoder) are
 * kept per thread inside Avro. What is expensive is building a codec (fingerprinting the schemas and building a
 * datum reader per writer version), so creating one per call is the wrong trade and a {@code ThreadLocal} of
 * codecs only duplicates Avro's own per-thread state; see {@code CodecThreadingBenchmark} in the tests for the
 * measurement.
 *
 * <p><b>Decoding</b> needs Avro's allow-list to trust the generated classes ({@link AvroTrust}); otherwise
 * {@link #decode} throws {@link IllegalStateException}. Any input bytes either decode or raise
 * {@link RecordDecodingException}: the body is first checked against its writer schema ({@link AvroBodyCheck}) so
 * that hostile lengths cannot make Avro allocate gigabytes. The caller bounds the message length (Kafka does).
 */
public final class AvroCodec<T extends SpecificRecord> {

    private static final ConcurrentMap<Class<?>, AvroCodec<?>> CODECS = new ConcurrentHashMap<>();

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final Map<Long, SchemaVersion> writers;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The allow-list under which the generated classes were last found trusted; rechecked when it changes. */
    private volatile ClassSecurityValidator.ClassSecurityPredicate trustedUnder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = SchemaCatalog.current(type);
        this.fingerprint = SingleObjectFormat.fingerprint(schema);
        // shouldCopy = false: encode() copies out of Avro's per-thread buffer at once, so one copy instead of two.
        this.encoder = new BinaryMessageEncoder<>(model, schema, false);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        Map<Long, SchemaVersion> byFingerprint = new HashMap<>();
        for (SchemaVersion version : SchemaCatalog.versions(type)) {
            byFingerprint.put(version.fingerprint(), version);
            if (!version.current()) {
                decoder.addSchema(version.schema());
            }
        }
        this.writers = Map.copyOf(byFingerprint);
    }

    /** The shared codec of a generated record class. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return (AvroCodec<T>) CODECS.computeIfAbsent(type, t -> new AvroCodec<>(type));
    }

    public Class<T> type() {
        return type;
    }

    /** The schema messages are written with. */
    public Schema schema() {
        return schema;
    }

    /** Fingerprint of {@link #schema()}, as in bytes 2..9 of every message {@link #encode} writes. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The writer versions {@link #decode} accepts, oldest first. */
    public List<SchemaVersion> acceptedVersions() {
        return writers.values().stream().sorted((a, b) -> Integer.compare(a.version(), b.version()))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * The single-object encoding of {@code record}: marker, fingerprint of the current schema, Avro body.
     *
     * @throws IllegalArgumentException when the record cannot be written, for example a required field is null
     */
    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a single-object message written with any accepted version into the current class.
     *
     * @throws RecordDecodingException {@code UNDECODABLE} for a missing or bad marker, a truncated header or a
     *         malformed body; {@code UNKNOWN_SCHEMA} for a fingerprint of no accepted version
     * @throws IllegalStateException when Avro's allow-list does not trust the generated classes ({@link AvroTrust})
     */
    public T decode(byte[] message) throws RecordDecodingException {
        requireTrusted();
        if (message == null) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE, "no value (null message)");
        }
        if (!SingleObjectFormat.hasMarker(message)) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE,
                    "not an Avro single-object message: it does not start with the marker C3 01");
        }
        if (message.length < SingleObjectFormat.HEADER_LENGTH) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE, "truncated Avro header: " + message.length
                    + " bytes, but marker and fingerprint take " + SingleObjectFormat.HEADER_LENGTH);
        }
        long writerFingerprint = SingleObjectFormat.fingerprint(message);
        SchemaVersion writer = writers.get(writerFingerprint);
        if (writer == null) {
            throw new RecordDecodingException(DeadLetterReason.UNKNOWN_SCHEMA, unknownSchema(writerFingerprint));
        }
        String problem = AvroBodyCheck.problem(writer.schema(), message, SingleObjectFormat.HEADER_LENGTH);
        if (problem != null) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE,
                    "malformed Avro body for " + writer.describe() + ": " + problem);
        }
        try {
            return decoder.decode(message);
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE,
                    "cannot decode Avro body for " + writer.describe() + ": " + e, e);
        }
    }

    /** Throws {@link IllegalStateException} with the fix when Avro would refuse to instantiate the generated classes. */
    public void requireTrusted() {
        ClassSecurityValidator.ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        if (global != trustedUnder) {
            AvroTrust.requireTrusted(type);
            trustedUnder = global;
        }
    }

    private String unknownSchema(long writerFingerprint) {
        StringBuilder message = new StringBuilder("unknown writer schema: fingerprint ")
                .append(SingleObjectFormat.hex(writerFingerprint)).append(" is no known version of ")
                .append(schema.getFullName());
        SchemaCatalog.byFingerprint(writerFingerprint).ifPresent(other ->
                message.append(" (it is ").append(other.describe()).append(", written to the wrong topic?)"));
        message.append("; known: ").append(acceptedVersions().stream()
                .map(v -> "v" + v.version() + " " + SingleObjectFormat.hex(v.fingerprint()))
                .collect(Collectors.joining(", ")));
        return message.toString();
    }
}
