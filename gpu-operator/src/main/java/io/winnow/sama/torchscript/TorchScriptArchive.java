package io.winnow.sama.torchscript;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a single-class TorchScript module in the zip layout produced by {@code torch.jit.save}
 * and read by {@code torch::jit::load}, so that Java code can author modules without Python.
 *
 * <p>The module class is {@code __torch__.<className>}; its attributes are the given parameters,
 * buffers and {@code training}. Methods are TorchScript source, e.g.
 *
 * <pre>
 * def forward(self, x: Tensor) -> Tensor:
 *   return torch.matmul(x, self.weight)
 * </pre>
 */
public final class TorchScriptArchive {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String className;
    private final Map<String, ScriptTensor> parameters = new LinkedHashMap<>();
    private final Map<String, ScriptTensor> buffers = new LinkedHashMap<>();
    private final List<String> methods = new ArrayList<>();
    private boolean training = true;

    private TorchScriptArchive(String className) {
        this.className = checkIdentifier(className);
    }

    /** Starts a module whose TorchScript class is {@code __torch__.className}. */
    public static TorchScriptArchive module(String className) {
        return new TorchScriptArchive(className);
    }

    /** Adds a trainable tensor attribute (listed in {@code __parameters__}). */
    public TorchScriptArchive parameter(String name, ScriptTensor value) {
        return attribute(parameters, name, value);
    }

    /** Adds a non-trainable tensor attribute (listed in {@code __buffers__}). */
    public TorchScriptArchive buffer(String name, ScriptTensor value) {
        return attribute(buffers, name, value);
    }

    /** Adds one or more method definitions, written at column zero. */
    public TorchScriptArchive methods(String source) {
        methods.add(source);
        return this;
    }

    /** Value of the module's {@code training} flag when loaded (default true). */
    public TorchScriptArchive training(boolean value) {
        training = value;
        return this;
    }

    /** The TorchScript source of {@code code/__torch__.py}. */
    public String source() {
        StringBuilder sb = new StringBuilder();
        sb.append("class ").append(className).append("(Module):\n");
        sb.append("  __parameters__ = ").append(nameList(parameters)).append('\n');
        sb.append("  __buffers__ = ").append(nameList(buffers)).append('\n');
        for (String name : parameters.keySet()) {
            sb.append("  ").append(name).append(" : Tensor\n");
        }
        for (String name : buffers.keySet()) {
            sb.append("  ").append(name).append(" : Tensor\n");
        }
        sb.append("  training : bool\n");
        for (String method : methods) {
            for (String line : method.split("\n", -1)) {
                if (!line.isBlank()) {
                    sb.append("  ").append(line);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes the archive to {@code path}, replacing any existing file. */
    public void write(Path path) throws IOException {
        try (OutputStream os = Files.newOutputStream(path)) {
            write(os);
        }
    }

    /** Writes the archive to a stream. */
    public void write(OutputStream os) throws IOException {
        List<ScriptTensor> storages = new ArrayList<>();
        byte[] dataPkl = moduleStatePickle(storages);

        // PyTorch's layout: every record STORED under one top-level folder, each record's data
        // aligned to 64 bytes so that storages can be used in place.
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(os);
        zip.setUseZip64(Zip64Mode.Never);
        addRecord(zip, "data.pkl", dataPkl);
        addRecord(zip, "code/__torch__.py", source().getBytes(StandardCharsets.UTF_8));
        // Module constants are an (empty) tuple; the code never references CONSTANTS.
        addRecord(zip, "constants.pkl", new PickleWriter().emptyTuple().finish());
        for (int i = 0; i < storages.size(); i++) {
            addRecord(zip, "data/" + i, storages.get(i).littleEndianBytes());
        }
        // File-format version 3 is what current PyTorch still writes for plain TorchScript.
        addRecord(zip, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        addRecord(zip, "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        zip.finish(); // not close(): the caller owns the stream
        zip.flush();
    }

    private static final int RECORD_ALIGNMENT = 64;
    /** A fixed modification time, so that the same module always gives the same bytes. */
    private static final long DOS_EPOCH = new java.util.GregorianCalendar(1980, java.util.Calendar.JANUARY, 1).getTimeInMillis();

    private static void addRecord(ZipArchiveOutputStream zip, String record, byte[] data) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry("archive/" + record);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(DOS_EPOCH);
        entry.setAlignment(RECORD_ALIGNMENT);
        zip.putArchiveEntry(entry);
        zip.write(data);
        zip.closeArchiveEntry();
    }

    /** data.pkl: {@code __torch__.C.__new__()} followed by BUILD with the attribute dict. */
    private byte[] moduleStatePickle(List<ScriptTensor> storages) {
        PickleWriter p = new PickleWriter();
        p.global("__torch__", className).emptyTuple().newObj();
        p.emptyDict().mark();
        p.string("training").bool(training);
        for (Map.Entry<String, ScriptTensor> e : parameters.entrySet()) {
            p.string(e.getKey());
            tensor(p, e.getValue(), true, storages);
        }
        for (Map.Entry<String, ScriptTensor> e : buffers.entrySet()) {
            p.string(e.getKey());
            tensor(p, e.getValue(), false, storages);
        }
        p.setItems().build();
        return p.finish();
    }

    /**
     * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad,
     * OrderedDict())}, the storage being a persistent id naming record {@code data/<key>}.
     */
    private static void tensor(
            PickleWriter p, ScriptTensor t, boolean requiresGrad, List<ScriptTensor> storages) {
        String key = Integer.toString(storages.size());
        storages.add(t);
        p.global("torch._utils", "_rebuild_tensor_v2").mark();
        p.mark()
                .string("storage")
                .global("torch", t.dtype().storageClass)
                .string(key)
                .string("cpu")
                .integer(t.numel())
                .tuple()
                .persistentId();
        p.integer(0).intTuple(t.shape()).intTuple(t.strides()).bool(requiresGrad);
        p.global("collections", "OrderedDict").emptyTuple().reduce();
        p.tuple().reduce();
    }

    private TorchScriptArchive attribute(
            Map<String, ScriptTensor> target, String name, ScriptTensor value) {
        checkIdentifier(name);
        if ("training".equals(name) || parameters.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("duplicate attribute " + name);
        }
        target.put(name, Objects.requireNonNull(value));
        return this;
    }

    private static String nameList(Map<String, ?> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String name : names.keySet()) {
            sb.append('"').append(name).append("\", ");
        }
        return sb.append(']').toString();
    }

    private static String checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a TorchScript identifier: " + name);
        }
        return name;
    }
}
