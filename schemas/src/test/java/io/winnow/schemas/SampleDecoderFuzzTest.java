package io.winnow.schemas;

import static io.winnow.schemas.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.winnow.schemas.avro.DeadLetterReason;
import io.winnow.schemas.avro.Sample;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever the bytes, {@link SampleDecoder#decode} returns a sample or throws {@link SampleDecodingException}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SampleDecoderFuzzTest {

    private static final SampleDecoder DECODER = new SampleDecoder();
    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static final long V1 = SchemaCatalog.versions(Sample.class).get(0).fingerprint();
    private static final long V2 = Codecs.sample().fingerprint();

    private final Map<DeadLetterReason, Integer> reasons = new EnumMap<>(DeadLetterReason.class);
    private int decoded;

    @BeforeAll
    static void seeds() throws Exception {
        for (Sample sample : Fixtures.samples()) {
            SEEDS.add(Codecs.encode(sample));
        }
        Schema v1 = SchemaCatalog.parseResource("history/Sample.v1.avsc");
        Schema tokenIds = v1.getField("payload").schema().getTypes().get(1);
        GenericRecord old = new GenericRecordBuilder(v1).set("id", "old").set("task", "t")
                .set("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "TRAINING"))
                .set("payload", new GenericRecordBuilder(tokenIds).set("ids", List.of(1, 300, 70000)).build())
                .set("label", 2).set("votes", List.of(0, -1)).set("eventTime", 5L).build();
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] v1Bytes = new byte[buffer.remaining()];
        buffer.get(v1Bytes);
        SEEDS.add(v1Bytes);
        SEEDS.add(utf8("""
                {"id": "s-1", "task": "spam", "kind": "TRAINING", "features": [0.5, -1.25, 3e2],
                 "label": 1, "votes": [1, -1, 0], "source": {"dataset": "mails"}, "eventTime": 1700000000123}"""));
        SEEDS.add(utf8("{\"id\":\"s-2\",\"task\":\"news\",\"kind\":\"TRUSTED\",\"tokens\":[101,7,2048],\"label\":null}"));
        SEEDS.add(utf8(" {\"id\":\"s-3\",\"task\":\"r\",\"kind\":\"EVAL\",\"text\":\"\\u00e9t\\u00e9 \\\"quoted\\\"\"}"));
        for (byte[] seed : SEEDS) {
            assertThat(DECODER.decode(seed)).isNotNull();
        }
    }

    private void decodeAnything(byte[] input) {
        try {
            DECODER.decode(input);
            decoded++;
        } catch (SampleDecodingException e) {
            if (e.reason() == null || e.getMessage() == null || e.getMessage().isBlank()) {
                fail("no reason or message for input " + HexFormat.of().formatHex(input), e);
            }
            reasons.merge(e.reason(), 1, Integer::sum);
        } catch (Throwable t) {
            fail("input " + HexFormat.of().formatHex(input) + " threw " + t, t);
        }
    }

    @Test
    void randomBytes() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(257)];
            random.nextBytes(input);
            decodeAnything(input);
        }
        // One input in 256 starts with the registry framing's magic byte 00: without a registry that is
        // UNKNOWN_SCHEMA (the id cannot be looked up), everything else is UNDECODABLE.
        assertThat(reasons).containsOnlyKeys(DeadLetterReason.UNDECODABLE, DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(reasons.get(DeadLetterReason.UNKNOWN_SCHEMA)).isBetween(20, 140);
    }

    @Test
    void randomBodiesBehindKnownHeaders() {
        Random random = new Random(2);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(129)];
            random.nextBytes(body);
            if (random.nextBoolean()) {
                // small varints are the likely-valid ones: bias bytes towards them
                for (int j = 0; j < body.length; j++) {
                    body[j] &= (byte) 0x0f;
                }
            }
            decodeAnything(withHeader(random.nextBoolean() ? V1 : V2, body));
        }
        assertThat(reasons).containsKey(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void randomJsonLikeText() {
        Random random = new Random(3);
        String alphabet = "{}[]\":,0123456789.-eE \\ntrufalsnidtaskkindfeaturestokenstextlabelvotessource";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder json = new StringBuilder("{");
            int length = random.nextInt(120);
            for (int j = 0; j < length; j++) {
                json.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            decodeAnything(utf8(json.toString()));
        }
    }

    @Test
    void everyPrefixOfValidMessages() {
        for (byte[] seed : SEEDS) {
            for (int length = 0; length < seed.length; length++) {
                decodeAnything(java.util.Arrays.copyOf(seed, length));
            }
        }
        assertThat(reasons).containsKey(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void mutatedValidMessages() {
        Random random = new Random(4);
        byte[] interesting = {0, 1, 2, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe, '{', '"', ','};
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = SEEDS.get(random.nextInt(SEEDS.size()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(seed);
            byte[] input = out.toByteArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && input.length > 0; e++) {
                int at = random.nextInt(input.length);
                switch (random.nextInt(6)) {
                    case 0 -> input[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> input[at] = (byte) random.nextInt(256);
                    case 2 -> input[at] = interesting[random.nextInt(interesting.length)];
                    case 3 -> input = splice(input, at, at + 1, new byte[0]);
                    case 4 -> input = splice(input, at, at, new byte[] {(byte) random.nextInt(256)});
                    default -> {
                        int end = Math.min(input.length, at + 1 + random.nextInt(8));
                        input = splice(input, at, at, java.util.Arrays.copyOfRange(input, at, end));
                    }
                }
            }
            decodeAnything(input);
        }
        // the mutations reach every layer: some still decode, some fail the header, the body check or the JSON reader
        assertThat(decoded).isPositive();
        assertThat(reasons).containsKeys(DeadLetterReason.UNDECODABLE, DeadLetterReason.UNKNOWN_SCHEMA,
                DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void announcedLengthsBeyondTheMessageAreRefusedWithoutAllocating() {
        long huge = Integer.MAX_VALUE - 8;
        // id: a string announcing 2 GiB
        assertUndecodable(withHeader(V2, varints(huge)), "string of 2147483639 bytes at byte 15, but 0 bytes remain");
        // features: a float array announcing 2^31 - 9 items (8 GiB as floats)
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(varints(1));
        body.write('a');
        body.writeBytes(varints(1));
        body.write('t');
        body.writeBytes(varints(0, 0, huge));
        assertUndecodable(withHeader(V2, body.toByteArray()), "array block of 2147483639 items at byte 16 cannot fit");
        // a negative block count with a byte size, and Long.MIN_VALUE
        byte[] prefix = java.util.Arrays.copyOf(body.toByteArray(), 6);
        assertUndecodable(withHeader(V2, concat(prefix, varints(-huge, 4), new byte[4])), "array block of 2147483639 items");
        assertUndecodable(withHeader(V2, concat(prefix, varints(Long.MIN_VALUE))), "array block count out of range");
        // an enum symbol and a union branch that do not exist
        assertUndecodable(withHeader(V2, concat(varints(1), utf8("a"), varints(1), utf8("t"), varints(3))),
                "enum io.winnow.schemas.avro.SampleKind has no symbol 3");
        assertUndecodable(withHeader(V2, concat(varints(1), utf8("a"), varints(1), utf8("t"), varints(0, -1))),
                "union has no branch -1");
        // a varint that never ends
        assertUndecodable(withHeader(V2, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}), "invalid long encoding");
        // trailing bytes after a valid record
        assertUndecodable(concat(SEEDS.get(0), new byte[] {0}), "1 trailing bytes after the record");
    }

    @Test
    void truncatedHeaderAndBareMarker() {
        assertUndecodable(new byte[] {(byte) 0xC3, 0x01, 1, 2}, "truncated Avro header: 4 bytes");
        assertUndecodable(new byte[] {(byte) 0xC3}, "neither an Avro single-object message");
    }

    private static void assertUndecodable(byte[] input, String message) {
        SampleDecodingException e = catchThrowableOfType(SampleDecodingException.class, () -> DECODER.decode(input));
        assertThat(e).as(HexFormat.of().formatHex(input)).isNotNull();
        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE);
        assertThat(e.getMessage()).contains(message);
    }

    private static byte[] withHeader(long fingerprint, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(10 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).put(body);
        return buffer.array();
    }

    /** Avro zig-zag varints. */
    private static byte[] varints(long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long value : values) {
            long n = (value << 1) ^ (value >> 63);
            while ((n & ~0x7fL) != 0) {
                out.write((int) ((n & 0x7f) | 0x80));
                n >>>= 7;
            }
            out.write((int) n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] insert) {
        return concat(java.util.Arrays.copyOfRange(input, 0, from), insert,
                java.util.Arrays.copyOfRange(input, to, input.length));
    }
}
