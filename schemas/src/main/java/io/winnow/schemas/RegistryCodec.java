package io.winnow.schemas;

import io.winnow.schemas.avro.DeadLetterReason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads and writes one generated record class in the {@link ConfluentWireFormat}: a message's writer
 * schema comes from the registry by its id and is resolved to the current class, as
 * {@link AvroCodec} resolves the versions it knows by fingerprint. Writer schemas the current class cannot
 * read (another record, a field removed without a default) are refused before any body is read, and every
 * body is checked against its writer schema first ({@link AvroBodyCheck}) so that hostile lengths cannot
 * make Avro allocate gigabytes.
 *
 * <p>Thread-safe: Avro's datum readers and writers keep their per-thread state themselves.
 */
public final class RegistryCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public RegistryCodec(Class<T> type) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.schema = SchemaCatalog.current(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    /** The schema {@link #encode} writes, which the caller registers to get its id. */
    public Schema schema() {
        return schema;
    }

    /** Magic byte, {@code schemaId} (the registry's id of {@link #schema()}), Avro binary body. */
    public byte[] encode(T record, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ConfluentWireFormat.MAGIC);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a framed message into the current class.
     *
     * @throws RecordDecodingException {@code UNDECODABLE} for a truncated header or a malformed body;
     *         {@code UNKNOWN_SCHEMA} for an id the registry does not know or a writer schema this class cannot read
     * @throws SchemaRegistryException when the registry cannot be asked (not the record's fault)
     * @throws IllegalStateException when Avro's allow-list does not trust the generated classes ({@link AvroTrust})
     */
    public T decode(byte[] message, SchemaRegistryClient registry) throws RecordDecodingException {
        AvroCodec.of(type).requireTrusted();
        if (!ConfluentWireFormat.hasMagic(message) || message.length < ConfluentWireFormat.HEADER_LENGTH) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE, "truncated registry header: "
                    + (message == null ? 0 : message.length) + " bytes, but magic byte and schema id take "
                    + ConfluentWireFormat.HEADER_LENGTH);
        }
        int id = ConfluentWireFormat.schemaId(message);
        Schema writerSchema = registry.schema(id).orElseThrow(() -> new RecordDecodingException(
                DeadLetterReason.UNKNOWN_SCHEMA, "schema id " + id + " is unknown to the registry at "
                        + registry.endpoint().url()));
        SpecificDatumReader<T> reader = reader(id, writerSchema);
        String problem = AvroBodyCheck.problem(writerSchema, message, ConfluentWireFormat.HEADER_LENGTH);
        if (problem != null) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE,
                    "malformed Avro body for registry schema id " + id + ": " + problem);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, ConfluentWireFormat.HEADER_LENGTH,
                    message.length - ConfluentWireFormat.HEADER_LENGTH, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodingException(DeadLetterReason.UNDECODABLE,
                    "cannot decode Avro body for registry schema id " + id + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> reader(int id, Schema writerSchema) throws RecordDecodingException {
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader != null) {
            return reader;
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        if (!writerSchema.getFullName().equals(schema.getFullName())
                || compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new RecordDecodingException(DeadLetterReason.UNKNOWN_SCHEMA, "registry schema id " + id + " ("
                    + writerSchema.getFullName() + ") cannot be read as " + schema.getFullName() + ": "
                    + (writerSchema.getFullName().equals(schema.getFullName()) ? compatibility.getDescription()
                            : "another record (written to the wrong topic?)"));
        }
        reader = new SpecificDatumReader<>(writerSchema, schema, model);
        SpecificDatumReader<T> raced = readers.putIfAbsent(id, reader);
        return raced == null ? reader : raced;
    }
}
