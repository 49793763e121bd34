package io.winnow.schemas;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body along its writer schema without building anything, and reports the first thing
 * that makes it malformed: a length or item count that the remaining bytes cannot hold, a union branch or enum
 * symbol that does not exist, a bad varint, a premature end or trailing bytes.
 *
 * <p>Why: Avro's readers allocate what a length or count announces before they read the items (a float array
 * of 2^31 - 9 items, announced in 5 bytes, asks for 8 GiB). After this check passes, every allocation Avro
 * makes while decoding the same bytes is bounded by the message length, and the reader walks the same path, so
 * decoding hostile input fails here, cheaply, with a message, instead of with an {@link OutOfMemoryError}.
 * Items that take at least one byte (every array and map in Winnow's schemas) are bounded by the remaining
 * bytes; collections of zero-byte items (nulls, empty records) by {@link #MAX_ZERO_SIZE_ITEMS}.
 */
final class AvroBodyCheck {

    static final int MAX_ZERO_SIZE_ITEMS = 1 << 16;
    static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private int pos;
    private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();

    private AvroBodyCheck(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    /** Null when {@code buf[offset..]} is exactly one well-formed value of {@code schema}; otherwise the problem. */
    static String problem(Schema schema, byte[] buf, int offset) {
        AvroBodyCheck check = new AvroBodyCheck(buf, offset);
        try {
            check.value(schema, 0);
            if (check.pos != buf.length) {
                return (buf.length - check.pos) + " trailing bytes after the record (body ends at byte " + check.pos + ")";
            }
            return null;
        } catch (Malformed e) {
            return e.getMessage();
        }
    }

    private void value(Schema schema, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("values nested deeper than " + MAX_DEPTH);
        }
        switch (schema.getType()) {
            case NULL -> {
            }
            case BOOLEAN -> need(1, "boolean");
            case INT -> readInt("int");
            case LONG -> readLong("long");
            case FLOAT -> need(4, "float");
            case DOUBLE -> need(8, "double");
            case STRING, BYTES -> {
                String what = schema.getType() == Schema.Type.STRING ? "string" : "bytes";
                long length = readLong(what + " length");
                if (length < 0 || length > remaining()) {
                    throw new Malformed(what + " of " + length + " bytes at byte " + pos + ", but " + remaining()
                            + " bytes remain");
                }
                pos += (int) length;
            }
            case FIXED -> need(schema.getFixedSize(), "fixed " + schema.getFullName());
            case ENUM -> {
                int start = pos;
                int index = readInt("enum index");
                if (index < 0 || index >= schema.getEnumSymbols().size()) {
                    throw new Malformed("enum " + schema.getFullName() + " has no symbol " + index + " (byte " + start + ")");
                }
            }
            case UNION -> {
                int start = pos;
                int index = readInt("union index");
                if (index < 0 || index >= schema.getTypes().size()) {
                    throw new Malformed("union has no branch " + index + " (byte " + start + ")");
                }
                value(schema.getTypes().get(index), depth + 1);
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    value(field.schema(), depth + 1);
                }
            }
            case ARRAY -> items(schema.getElementType(), null, depth);
            case MAP -> items(schema.getValueType(), Schema.create(Schema.Type.STRING), depth);
            default -> throw new Malformed("unsupported schema type " + schema.getType());
        }
    }

    /** Blocks of an array ({@code key == null}) or map: count, [byte size if count < 0], items; a 0 count ends it. */
    private void items(Schema item, Schema key, int depth) {
        String what = key == null ? "array" : "map";
        int itemMin = minSize(item, 0) + (key == null ? 0 : 1);
        long total = 0;
        while (true) {
            int start = pos;
            long count = readLong(what + " block count");
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw new Malformed(what + " block count out of range at byte " + start);
                }
                count = -count;
                long size = readLong(what + " block size");
                if (size < 0 || size > remaining()) {
                    throw new Malformed(what + " block of " + size + " bytes at byte " + start + ", but " + remaining()
                            + " bytes remain");
                }
            }
            total += count;
            boolean fits = itemMin > 0 ? count <= remaining() / itemMin : total <= MAX_ZERO_SIZE_ITEMS;
            if (!fits) {
                throw new Malformed(what + " block of " + count + " items at byte " + start + " cannot fit in the "
                        + remaining() + " remaining bytes");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    value(key, depth + 1);
                }
                value(item, depth + 1);
            }
        }
    }

    /** Least number of bytes any value of {@code schema} takes (0 for recursive references: a safe lower bound). */
    private int minSize(Schema schema, int depth) {
        Integer cached = minSizes.get(schema);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_DEPTH) {
            return 0;
        }
        minSizes.put(schema, 0); // guards recursion
        long size = switch (schema.getType()) {
            case NULL -> 0;
            case BOOLEAN, INT, LONG, STRING, BYTES, ENUM, ARRAY, MAP -> 1;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case UNION -> {
                long least = Integer.MAX_VALUE;
                for (Schema branch : schema.getTypes()) {
                    least = Math.min(least, minSize(branch, depth + 1));
                }
                yield 1 + least;
            }
            case RECORD -> {
                long sum = 0;
                for (Schema.Field field : schema.getFields()) {
                    sum += minSize(field.schema(), depth + 1);
                }
                yield sum;
            }
        };
        int result = (int) Math.min(size, Integer.MAX_VALUE);
        minSizes.put(schema, result);
        return result;
    }

    private int remaining() {
        return buf.length - pos;
    }

    private void need(int bytes, String what) {
        if (bytes > remaining()) {
            throw new Malformed("message ends inside a " + what + " at byte " + pos);
        }
        pos += bytes;
    }

    /** Avro's zig-zag varint int: at most 5 bytes, bits beyond 32 dropped as Avro's reader drops them. */
    private int readInt(String what) {
        int start = pos;
        int n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= buf.length) {
                throw new Malformed("message ends inside an " + what + " at byte " + start);
            }
            int b = buf[pos++] & 0xff;
            n |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new Malformed("invalid int encoding (" + what + ") at byte " + start);
    }

    /** Avro's zig-zag varint long: at most 10 bytes. */
    private long readLong(String what) {
        int start = pos;
        long n = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= buf.length) {
                throw new Malformed("message ends inside a " + what + " at byte " + start);
            }
            int b = buf[pos++] & 0xff;
            n |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new Malformed("invalid long encoding (" + what + ") at byte " + start);
    }

    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
