package io.winnow.schemas;

import io.winnow.schemas.avro.Sample;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * Not a test (no "Test" in the name): measures the three ways to make single-object coding thread-safe, to back
 * the choice in {@link AvroCodec}. One operation = encode a sample and decode it again.
 *
 * <pre>
 * mvn -q -pl schemas dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas \
 *   -cp schemas/target/test-classes:schemas/target/classes:$(cat /tmp/cp.txt) io.winnow.schemas.CodecThreadingBenchmark
 * </pre>
 */
public final class CodecThreadingBenchmark {

    private static final Sample SAMPLE = Fixtures.dense();
    private static final SpecificData MODEL = SpecificData.getForClass(Sample.class);
    private static final Schema SCHEMA = Sample.getClassSchema();
    private static final Schema V1 = SchemaCatalog.parseResource("history/Sample.v1.avsc");

    private interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 1500;
        int[] threadCounts = {1, Math.max(2, Runtime.getRuntime().availableProcessors())};

        BinaryMessageEncoder<Sample> sharedEncoder = new BinaryMessageEncoder<>(MODEL, SCHEMA);
        BinaryMessageDecoder<Sample> sharedDecoder = decoder();
        Op sharedOp = () -> check(sharedDecoder.decode(sharedEncoder.encode(SAMPLE)));

        AvroCodec<Sample> codec = Codecs.sample();
        Op codecOp = () -> check(codec.decode(codec.encode(SAMPLE)));

        ThreadLocal<BinaryMessageEncoder<Sample>> localEncoder =
                ThreadLocal.withInitial(() -> new BinaryMessageEncoder<>(MODEL, SCHEMA));
        ThreadLocal<BinaryMessageDecoder<Sample>> localDecoder = ThreadLocal.withInitial(CodecThreadingBenchmark::decoder);
        Op threadLocalOp = () -> check(localDecoder.get().decode(localEncoder.get().encode(SAMPLE)));

        Op perCallOp = () -> {
            ByteBuffer bytes = new BinaryMessageEncoder<Sample>(MODEL, SCHEMA).encode(SAMPLE);
            check(decoder().decode(bytes));
        };

        SampleDecoder sampleDecoder = new SampleDecoder();
        byte[] avro = Codecs.encode(SAMPLE);
        byte[] json = Fixtures.utf8("{\"id\": \"s-1\", \"task\": \"spam\", \"kind\": \"TRAINING\", \"features\": [0.5, -1.25, 3],"
                + " \"label\": 1, \"votes\": [1, -1, 0], \"source\": {\"dataset\": \"mails\", \"shard\": \"7\"},"
                + " \"eventTime\": 1700000000123}");
        Op sampleDecoderAvro = () -> check(sampleDecoder.decode(avro));
        Op sampleDecoderJson = () -> check(sampleDecoder.decode(json));

        for (int round = 1; round <= 2; round++) {
            System.out.println("round " + round + (round == 1 ? " (includes JIT warm-up)" : ""));
            for (int threads : threadCounts) {
                report("Avro encoder+decoder, one shared pair", threads, millis, () -> sharedOp);
                report("Avro encoder+decoder, ThreadLocal pairs", threads, millis, () -> threadLocalOp);
                report("Avro encoder+decoder, new pair per call", threads, millis, () -> perCallOp);
                report("AvroCodec (shared; + body check, byte[])", threads, millis, () -> codecOp);
                report("SampleDecoder, Avro bytes (decode only)", threads, millis, () -> sampleDecoderAvro);
                report("SampleDecoder, JSON bytes (decode only)", threads, millis, () -> sampleDecoderJson);
            }
        }
    }

    private static BinaryMessageDecoder<Sample> decoder() {
        BinaryMessageDecoder<Sample> decoder = new BinaryMessageDecoder<>(MODEL, SCHEMA);
        decoder.addSchema(V1);
        return decoder;
    }

    private static void check(Sample sample) {
        if (!sample.getId().equals("s-1")) {
            throw new AssertionError("wrong sample");
        }
    }

    private static void report(String name, int threads, long millis, Supplier<Op> op) throws Exception {
        run(threads, millis / 2, op); // warm-up
        long ops = run(threads, millis, op);
        System.out.printf("%-44s threads %d: %,10.0f ops/s  (%.2f us/op per thread)%n", name, threads,
                ops * 1000.0 / millis, threads * millis * 1000.0 / ops);
    }

    private static long run(int threads, long millis, Supplier<Op> op) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Op task = op.get();
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        task.run();
                        n++;
                    }
                    return n;
                }));
            }
            Thread.sleep(millis);
            stop.set(true);
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
