package io.winnow.sama.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Minimal zip writer for PyTorch archives: every record uncompressed (STORED), all under one
 * top-level folder, and each record's data aligned to 64 bytes with a padding extra field, as
 * PyTorch's own writer does so that storages can be used in place. Written by hand because
 * {@link java.util.zip.ZipOutputStream} cannot align entries.
 */
final class StoredZipWriter {

    private static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;
    private static final int PAD_FIELD_ID = 0x4246; // "FB", the id PyTorch's writer uses
    private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;

    private record Entry(byte[] name, long crc, long size, long offset) {}

    private final OutputStream out;
    private final String root;
    private final List<Entry> entries = new ArrayList<>();
    private long position;

    StoredZipWriter(OutputStream out, String root) {
        this.out = out;
        this.root = root;
    }

    void add(String record, byte[] data) throws IOException {
        byte[] name = (root + "/" + record).getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        long offset = position;
        int pad = (int) ((ALIGNMENT - (offset + LOCAL_HEADER + name.length + 4) % ALIGNMENT)
                % ALIGNMENT);

        Bytes h = new Bytes();
        h.u32(0x04034b50).u16(20).u16(0).u16(0).u16(0).u16(DOS_DATE_1980_01_01);
        h.u32(crc.getValue()).u32(data.length).u32(data.length);
        h.u16(name.length).u16(4 + pad).raw(name);
        h.u16(PAD_FIELD_ID).u16(pad).raw(new byte[pad]);
        emit(h.toByteArray());
        emit(data);
        entries.add(new Entry(name, crc.getValue(), data.length, offset));
    }

    void finish() throws IOException {
        long start = position;
        for (Entry e : entries) {
            Bytes c = new Bytes();
            c.u32(0x02014b50).u16(20).u16(20).u16(0).u16(0).u16(0).u16(DOS_DATE_1980_01_01);
            c.u32(e.crc()).u32(e.size()).u32(e.size());
            c.u16(e.name().length).u16(0).u16(0).u16(0).u16(0).u32(0).u32(e.offset());
            c.raw(e.name());
            emit(c.toByteArray());
        }
        long size = position - start;
        Bytes end = new Bytes();
        end.u32(0x06054b50).u16(0).u16(0).u16(entries.size()).u16(entries.size());
        end.u32(size).u32(start).u16(0);
        emit(end.toByteArray());
        out.flush();
    }

    private void emit(byte[] bytes) throws IOException {
        if (position + bytes.length > 0xFFFFFFFFL) {
            throw new IOException("archive over 4 GiB needs zip64, which is not supported");
        }
        out.write(bytes);
        position += bytes.length;
    }

    /** Little-endian field builder. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes u16(int v) {
            write(v & 0xff);
            write((v >>> 8) & 0xff);
            return this;
        }

        Bytes u32(long v) {
            u16((int) (v & 0xffff));
            return u16((int) ((v >>> 16) & 0xffff));
        }

        Bytes raw(byte[] b) {
            write(b, 0, b.length);
            return this;
        }
    }
}
