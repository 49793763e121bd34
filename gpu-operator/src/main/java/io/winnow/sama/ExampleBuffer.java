package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded buffer of examples that draws meta batches from what it holds: either the most recent
 * examples ({@link #add}: the trusted set, or recent training samples in pruning mode), or a uniform
 * sample of every example offered so far ({@link #offer}: reservoir sampling, Vitter's algorithm R).
 */
public final class ExampleBuffer {

    private final int capacity;
    private final Example[] slots;
    private int size;
    private int next;
    /** Examples offered to the reservoir so far (not only those kept). */
    private long seen;

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

    /**
     * Offers an example to the reservoir: kept while there is room, afterwards in place of a
     * uniformly chosen one with probability capacity / seen, so that the buffer is always a uniform
     * sample of everything offered. Do not mix with {@link #add} on one buffer.
     */
    public void offer(Example example, SplitMix64 rng) {
        seen++;
        if (size < capacity) {
            add(example);
            return;
        }
        long slot = Math.floorMod(rng.nextLong(), seen);
        if (slot < capacity) {
            slots[(int) slot] = example;
        }
    }

    /** Examples offered to the reservoir so far; 0 for a buffer filled with {@link #add}. */
    public long seen() {
        return seen;
    }

    /**
     * Restores {@link #seen()} after {@link #read} (the trainer's state writes it beside the buffer);
     * 0 for a buffer filled with {@link #add}.
     */
    public void restoreSeen(long offered) {
        if (offered != 0 && offered < size) {
            throw new IllegalArgumentException("a reservoir of " + size + " examples has seen at least that many, not "
                    + offered);
        }
        this.seen = offered;
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
        seen = 0;
        for (int i = 0; i < count; i++) {
            add(ExampleCodec.read(in));
        }
    }
}
