package io.winnow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.schemas.avro.CuratedSample;
import io.winnow.schemas.avro.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shared codecs give every thread its own, correct results when many threads use them at once. */
class CodecConcurrencyTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sharedCodecsAreCorrectUnderConcurrentUse() throws Exception {
        int threads = 8;
        SampleDecoder decoder = new SampleDecoder();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Sample base = Fixtures.samples().get(i % 3);
            samples.add(Sample.newBuilder(base).setId("s-" + i).build());
        }
        byte[] v1 = Codecs.encode(samples.get(0)); // warm up on this thread
        assertThat(decoder.decode(v1)).isEqualTo(samples.get(0));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Callable<Integer> work = () -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Sample sample = samples.get((i * 7 + offset) % samples.size());
                        byte[] bytes = Codecs.encode(sample);
                        if (!decoder.decode(bytes).equals(sample)) {
                            throw new AssertionError("thread " + offset + " decoded another sample at " + i);
                        }
                        CuratedSample curated = CuratedSample.newBuilder(Fixtures.curated()).setId(sample.getId()).build();
                        if (!Codecs.curatedSample().decode(Codecs.encode(curated)).equals(curated)) {
                            throw new AssertionError("thread " + offset + " decoded another curated sample at " + i);
                        }
                        checked++;
                    }
                    return checked;
                };
                results.add(pool.submit(work));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
