package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded buffer of examples that keeps the most recent ones (the trusted set, or recent
 * training samples in pruning mode) and draws meta batches from them.
 */
public final class ExampleBuffer {

    private final int capacity;
    private final Example[] slots;
    private int size;
    private int next;

    public ExampleBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.slots = new Example[capacity];
    }

    public void add(Example example) {
        slots[next] = example;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    public void addAll(List<Example> examples) {
        examples.forEach(this::add);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Up to {@code count} distinct examples chosen uniformly with the trainer's generator. */
    public List<Example> sample(int count, SplitMix64 rng) {
        int take = Math.min(count, size);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        List<Example> chosen = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            int j = i + rng.nextInt(size - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            chosen.add(oldestFirst(order[i]));
        }
        return chosen;
    }

    /** Oldest first. */
    public List<Example> contents() {
        List<Example> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(oldestFirst(i));
        }
        return out;
    }

    /** The i-th example counting from the oldest, so that draws do not depend on the ring's layout. */
    private Example oldestFirst(int index) {
        int start = size < capacity ? 0 : next;
        return slots[(start + index) % capacity];
    }

    public void write(DataOutput out) throws IOException {
        List<Example> examples = contents();
        out.writeInt(examples.size());
        for (Example example : examples) {
            ExampleCodec.write(out, example);
        }
    }

    /** Replaces the contents with what {@link #write} wrote (keeping the oldest-first order). */
    public void read(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > capacity) {
            throw new IOException("buffer state holds " + count + " examples, capacity is " + capacity);
        }
        java.util.Arrays.fill(slots, null);
        size = 0;
        next = 0;
        for (int i = 0; i < count; i++) {
            add(ExampleCodec.read(in));
        }
    }
}
