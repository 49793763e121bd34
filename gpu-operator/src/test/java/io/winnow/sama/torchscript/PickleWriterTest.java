package io.winnow.sama.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PickleWriterTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void emptyTupleIsWhatPythonWrites() {
        // pickle.dumps((), 2) == b'\x80\x02).'
        assertThat(new PickleWriter().emptyTuple().finish()).isEqualTo(bytes(0x80, 2, ')', '.'));
    }

    @Test
    void integersUseTheShortestSupportedOpcode() {
        assertThat(new PickleWriter().integer(5).finish()).isEqualTo(bytes(0x80, 2, 'K', 5, '.'));
        assertThat(new PickleWriter().integer(-1).finish())
                .isEqualTo(bytes(0x80, 2, 'J', 0xff, 0xff, 0xff, 0xff, '.'));
        assertThat(new PickleWriter().integer(70000).finish())
                .isEqualTo(bytes(0x80, 2, 'J', 0x70, 0x11, 0x01, 0x00, '.'));
        // pickle.dumps(2**40, 2) == b'\x80\x02\x8a\x06\x00\x00\x00\x00\x00\x01.'
        assertThat(new PickleWriter().integer(1L << 40).finish())
                .isEqualTo(bytes(0x80, 2, 0x8a, 6, 0, 0, 0, 0, 0, 1, '.'));
    }

    @Test
    void stringsAndGlobals() {
        assertThat(new PickleWriter().string("cpu").finish())
                .isEqualTo(bytes(0x80, 2, 'X', 3, 0, 0, 0, 'c', 'p', 'u', '.'));
        assertThat(new PickleWriter().global("a", "B").finish())
                .isEqualTo(bytes(0x80, 2, 'c', 'a', '\n', 'B', '\n', '.'));
    }

    @Test
    void shapeTuples() {
        assertThat(new PickleWriter().intTuple(new long[] {2, 3}).finish())
                .isEqualTo(bytes(0x80, 2, '(', 'K', 2, 'K', 3, 't', '.'));
        assertThat(new PickleWriter().intTuple(new long[0]).finish())
                .isEqualTo(bytes(0x80, 2, ')', '.'));
    }
}
