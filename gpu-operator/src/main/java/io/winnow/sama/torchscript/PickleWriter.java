package io.winnow.sama.torchscript;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Emits the handful of pickle protocol-2 opcodes that TorchScript's unpickler understands.
 *
 * <p>Deliberately low level: callers push values in stack order, exactly as a pickle program
 * runs. No memo (BINPUT/BINGET) is written; the archives we produce never share objects.
 *
 * <p>Written by hand: the Java pickle library (Pyrolite, {@code net.razorvine:pickle}) maps Java
 * values to Python ones, while TorchScript's {@code data.pkl} needs GLOBAL/NEWOBJ/BUILD of
 * {@code __torch__} classes and persistent-id storage references in one exact order; that would
 * take a custom pickler for each construct on top of the library, more code than these opcodes.
 */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80); // PROTO
        out.write(2);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter newObj() {
        return op(0x81);
    }

    PickleWriter build() {
        return op('b');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter persistentId() {
        return op('Q'); // BINPERSID
    }

    PickleWriter bool(boolean value) {
        return op(value ? 0x88 : 0x89);
    }

    PickleWriter global(String module, String name) {
        op('c');
        byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
        return this;
    }

    PickleWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op('X'); // BINUNICODE
        writeLe(utf8.length, 4);
        out.write(utf8, 0, utf8.length);
        return this;
    }

    PickleWriter integer(long value) {
        if (value >= 0 && value < 256) {
            op('K'); // BININT1
            out.write((int) value);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            op('J'); // BININT
            writeLe(value, 4);
        } else {
            // LONG1: little-endian two's complement, as short as possible.
            byte[] be = BigInteger.valueOf(value).toByteArray();
            op(0x8a);
            out.write(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                out.write(be[i]);
            }
        }
        return this;
    }

    /** Pushes a tuple of ints (shape or stride). */
    PickleWriter intTuple(long[] values) {
        if (values.length == 0) {
            return emptyTuple();
        }
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    byte[] finish() {
        out.write('.'); // STOP
        return out.toByteArray();
    }

    private PickleWriter op(int code) {
        out.write(code);
        return this;
    }

    private void writeLe(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
