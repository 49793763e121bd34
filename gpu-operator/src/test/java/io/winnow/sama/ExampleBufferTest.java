package io.winnow.sama;

import static org.assertj.core.api.Assertions.assertThat;

import io.winnow.sama.random.SplitMix64;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** The two ways a buffer fills: the most recent examples, or a uniform reservoir of all offered. */
class ExampleBufferTest {

    private static Example example(int index) {
        return new Example("e" + index, new float[] {index}, null, 0, null);
    }

    private static int index(Example example) {
        return Integer.parseInt(example.id().substring(1));
    }

    @Test
    void addKeepsTheMostRecentExamples() {
        ExampleBuffer buffer = new ExampleBuffer(10);
        for (int i = 0; i < 1000; i++) {
            buffer.add(example(i));
        }
        assertThat(buffer.contents().stream().map(ExampleBufferTest::index)).containsExactly(
                990, 991, 992, 993, 994, 995, 996, 997, 998, 999);
        assertThat(buffer.seen()).isZero();
    }

    @Test
    void theReservoirIsAUniformSampleOfEverythingOffered() {
        // 400 reservoirs of 20 out of 2,000 offered: each tenth of the stream should hold a tenth of the kept examples.
        long[] perTenth = new long[10];
        SplitMix64 rng = new SplitMix64(3);
        for (int trial = 0; trial < 400; trial++) {
            ExampleBuffer buffer = new ExampleBuffer(20);
            for (int i = 0; i < 2000; i++) {
                buffer.offer(example(i), rng);
            }
            assertThat(buffer.size()).isEqualTo(20);
            assertThat(buffer.seen()).isEqualTo(2000);
            assertThat(buffer.contents().stream().map(ExampleBufferTest::index).distinct()).hasSize(20);
            buffer.contents().forEach(e -> perTenth[index(e) / 200]++);
        }
        double[] expected = new double[10];
        java.util.Arrays.fill(expected, 400 * 20 / 10.0);
        // A FIFO would put everything in the last tenth (p ≈ 0); uniform draws pass at the 1% level.
        assertThat(new ChiSquareTest().chiSquareTest(expected, perTenth)).isGreaterThan(0.01);
    }

    @Test
    void aReservoirRoundTripsWithItsCountOfSeenExamples() throws IOException {
        ExampleBuffer buffer = new ExampleBuffer(8);
        SplitMix64 rng = new SplitMix64(1);
        for (int i = 0; i < 100; i++) {
            buffer.offer(example(i), rng);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        buffer.write(new DataOutputStream(bytes));
        ExampleBuffer copy = new ExampleBuffer(8);
        copy.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        copy.restoreSeen(buffer.seen());
        List<Integer> kept = buffer.contents().stream().map(ExampleBufferTest::index).toList();
        assertThat(copy.contents().stream().map(ExampleBufferTest::index).toList()).isEqualTo(kept);
        SplitMix64 a = new SplitMix64(7);
        SplitMix64 b = new SplitMix64(7);
        for (int i = 100; i < 200; i++) {
            buffer.offer(example(i), a);
            copy.offer(example(i), b);
        }
        assertThat(copy.contents().stream().map(ExampleBufferTest::index).toList())
                .isEqualTo(buffer.contents().stream().map(ExampleBufferTest::index).toList());
    }
}
