package io.winnow.schemas;

import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.Sample;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * Turns the value of a record on {@link Topics#SAMPLES} or {@link Topics#TRUSTED} into a {@link Sample}, or
 * explains why not. Three formats are accepted, told apart by their first bytes:
 *
 * <ul>
 *   <li><b>Avro single-object</b> (starts with {@code C3 01}): written with the current {@code Sample} schema or
 *       any earlier version in the {@link SchemaCatalog} (a version-1 message decodes with {@code source == null});
 *   <li><b>Schema-registry framing</b> (starts with {@code 00}, {@link ConfluentWireFormat}), as Confluent's and
 *       compatible serializers write it, when the decoder was given a {@link RegistryEndpoint}: the writer schema
 *       comes from the registry by id and must be readable as the current {@code Sample} ({@link RegistryCodec}).
 *       A registry that cannot be reached throws {@link SchemaRegistryException}: that is no fault of the record,
 *       so the job fails and retries instead of dead-lettering it;
 *   <li><b>JSON</b> (an opening brace after optional whitespace and UTF-8 byte-order mark), for producers that cannot
 *       write Avro. This is a friendly form, not Avro's JSON encoding:
 * <pre>{@code
 * {"id": "s-1", "task": "spam", "kind": "TRAINING",
 *  "features": [0.1, 0.2] | "tokens": [12, 7] | "text": "...",     exactly one of the three
 *  "label": 1, "votes": [1, -1, 0], "source": {"k": "v"},       optional; null = absent
 *  "eventTime": 1700000000000}                                    optional, epoch milliseconds
 * }</pre>
 *       {@code kind} is one of {@code TRAINING}, {@code TRUSTED}, {@code EVAL}. A missing {@code eventTime}
 *       becomes 0 (the epoch), never the current time, so that decoding the same bytes always gives the same
 *       sample; producers that care about event time must send it. Features become 32-bit floats (a number
 *       outside the float range is {@code NOT_FINITE}); tokens, votes and the label must be integers in the
 *       32-bit range; {@code source} values must be strings. Unknown fields are ignored (forward compatibility);
 *       a field of the wrong type, a duplicate key or trailing content after the object is an error.
 * </ul>
 *
 * <p>In every format {@code id} and {@code task} must be non-empty ({@code MISSING_FIELD}). Range checks that need
 * a task's configuration (feature dimension, number of classes, vocabulary size, finite Avro-borne features)
 * are the job's, with the matching {@link DeadLetterReason}s.
 *
 * <p>{@link #decode} throws nothing but {@link SampleDecodingException} for any input, however malformed or
 * hostile, and refuses input longer than {@link #maxBytes()} before parsing it. The one exception is a JVM in
 * which Avro's class allow-list does not trust the generated classes ({@link AvroTrust}): the constructor (and
 * deserialization, and each Avro decode) throw {@link IllegalStateException} then, so that a misconfigured job
 * fails instead of sending every sample to the dead-letter topic.
 *
 * <p>Thread-safe and serializable (only the size limit travels; the codec is shared per JVM).
 */
public final class SampleDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default {@link #maxBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final int maxBytes;
    private final RegistryEndpoint registry;
    private transient volatile RegistryReader registryReader;

    /** A decoder refusing inputs over {@link #DEFAULT_MAX_BYTES}. */
    public SampleDecoder() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A decoder refusing inputs over {@code maxBytes} with {@link DeadLetterReason#OVERSIZE}, without a registry. */
    public SampleDecoder(int maxBytes) {
        this(maxBytes, null);
    }

    /**
     * A decoder refusing inputs over {@code maxBytes}, reading registry-framed messages through {@code registry}
     * (null: such messages are refused with a reason that says how to configure one).
     */
    public SampleDecoder(int maxBytes, RegistryEndpoint registry) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.registry = registry;
        codec().requireTrusted();
    }

    /** Largest input, in bytes, that {@link #decode} parses. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Decodes Avro single-object or JSON bytes into a sample.
     *
     * @throws SampleDecodingException for any input that is not a valid sample, with the reason and a message
     *         naming the problem
     */
    public Sample decode(byte[] message) throws SampleDecodingException {
        if (message == null) {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "no value (null message)");
        }
        if (message.length > maxBytes) {
            throw new SampleDecodingException(DeadLetterReason.OVERSIZE,
                    "message of " + message.length + " bytes exceeds the maximum of " + maxBytes + " bytes");
        }
        if (message.length == 0) {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "empty message");
        }
        Sample sample;
        if (SingleObjectFormat.hasMarker(message)) {
            AvroCodec<Sample> codec = codec();
            codec.requireTrusted(); // configuration, not input: let IllegalStateException through
            try {
                sample = codec.decode(message);
            } catch (RecordDecodingException e) {
                throw new SampleDecodingException(e.reason(), e.getMessage(), e.getCause());
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
        } else if (ConfluentWireFormat.hasMagic(message)) {
            sample = registryFramed(message);
        } else if (startsJsonObject(message)) {
            try {
                sample = JsonSampleReader.read(message);
            } catch (SampleDecodingException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
        } else {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "neither an Avro single-object message"
                    + " (marker C3 01), a schema-registry framed one (magic byte 00) nor a JSON object (leading '{'):"
                    + " starts with " + firstBytes(message));
        }
        return checked(sample);
    }

    private Sample registryFramed(byte[] message) {
        if (message.length < ConfluentWireFormat.HEADER_LENGTH) {
            throw new SampleDecodingException(DeadLetterReason.UNDECODABLE, "truncated schema-registry header: "
                    + message.length + " bytes, but magic byte and schema id take " + ConfluentWireFormat.HEADER_LENGTH);
        }
        if (registry == null) {
            throw new SampleDecodingException(DeadLetterReason.UNKNOWN_SCHEMA, "schema-registry framing (magic byte 00,"
                    + " schema id " + ConfluentWireFormat.schemaId(message)
                    + "), but the job has no schema registry configured (schema-registry.url)");
        }
        RegistryReader reader = registryReader;
        if (reader == null) {
            reader = new RegistryReader(new SchemaRegistryClient(registry), new RegistryCodec<>(Sample.class));
            registryReader = reader;
        }
        try {
            return reader.codec().decode(message, reader.client());
        } catch (RecordDecodingException e) {
            throw new SampleDecodingException(e.reason(), e.getMessage(), e.getCause());
        }
    }

    /** The client and codec of one decoder, made on first use (neither is serializable). */
    private record RegistryReader(SchemaRegistryClient client, RegistryCodec<Sample> codec) {}

    /** Fields all formats must fill that the Avro schema cannot enforce. */
    private static Sample checked(Sample sample) {
        if (sample.getId().isEmpty()) {
            throw new SampleDecodingException(DeadLetterReason.MISSING_FIELD, "field 'id' must not be empty",
                    null, sample.getTask().isEmpty() ? null : sample.getTask(), null);
        }
        if (sample.getTask().isEmpty()) {
            throw new SampleDecodingException(DeadLetterReason.MISSING_FIELD, "field 'task' must not be empty",
                    sample.getId(), null, null);
        }
        return sample;
    }

    private static SampleDecodingException unexpected(RuntimeException e) {
        return new SampleDecodingException(DeadLetterReason.UNDECODABLE, "cannot decode: " + e, e);
    }

    /** A '{' after optional ASCII whitespace and an optional UTF-8 byte-order mark. */
    static boolean startsJsonObject(byte[] message) {
        int i = 0;
        if (message.length >= 3 && (message[0] & 0xff) == 0xEF && (message[1] & 0xff) == 0xBB
                && (message[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < message.length && (message[i] == ' ' || message[i] == '\t' || message[i] == '\n'
                || message[i] == '\r')) {
            i++;
        }
        return i < message.length && message[i] == '{';
    }

    private static String firstBytes(byte[] message) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, message.length); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02X", message[i] & 0xff));
        }
        return hex + (message.length > 4 ? " ..." : "");
    }

    private static AvroCodec<Sample> codec() {
        return AvroCodec.of(Sample.class);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (maxBytes < 1) {
            throw new java.io.InvalidObjectException("maxBytes must be positive, got " + maxBytes);
        }
        codec().requireTrusted();
    }
}
