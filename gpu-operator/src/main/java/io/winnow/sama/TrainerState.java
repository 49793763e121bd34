package io.winnow.sama;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.Autograd;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.state.ArrayCodec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The trainer's state as versioned bytes: θ, λ, both optimizers' moments, the EMA model, counters,
 * the generator, the window statistics, both example buffers, (version 2) the label model and
 * the trusted model with its optimizer, and (version 3) the trusted gate's running sums.
 * Parameter names and shapes are stored and checked, so state cannot be restored into a trainer of
 * a different architecture. Version 1 state (written before label models existed) still restores
 * into a trainer without one; version 2 state (before the trusted gate) restores with the gate's
 * sums empty, which the next batch fills, and so does state written with the gate off into a
 * trainer with it on (the gate can be switched either way across a restore). Version 4 adds how
 * many training samples the pruning-mode reservoir has been offered (0 before).
 */
final class TrainerState {

    static final int MAGIC = 0x574E5754; // "WNWT"
    static final int VERSION = 4;

    private TrainerState() {}

    static byte[] write(TrainerParts parts, StepCounters counters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            counters.write(out);
            out.writeLong(parts.rng().state());
            writeParameters(out, parts.learner().parameters());
            out.writeBoolean(parts.ema() != null);
            if (parts.ema() != null) {
                writeParameters(out, parts.ema().parameters());
            }
            writeParameters(out, parts.metaParameters());
            parts.baseOptimizer().writeState(out);
            parts.metaOptimizer().writeState(out);
            parts.window().write(out);
            parts.trusted().write(out);
            parts.recent().write(out);
            out.writeBoolean(parts.labelModel() != null);
            if (parts.labelModel() != null) {
                parts.labelModel().write(out);
            }
            out.writeBoolean(parts.trustedModel() != null);
            if (parts.trustedModel() != null) {
                writeParameters(out, parts.trustedModel().model().parameters());
                parts.trustedModel().optimizer().writeState(out);
            }
            out.writeBoolean(parts.trustedGate() != null);
            if (parts.trustedGate() != null) {
                parts.trustedGate().write(out);
            }
            out.writeLong(parts.recent().seen());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void read(TrainerParts parts, StepCounters counters, Device device, byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
                Autograd.GradModeScope ignored = Autograd.paused()) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not Winnow trainer state");
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("trainer state version " + version + " is not supported (expected "
                        + VERSION + ")");
            }
            counters.read(in);
            parts.rng().restore(in.readLong());
            readParameters(in, parts.learner().parameters(), "base learner");
            boolean hasEma = in.readBoolean();
            if (hasEma != (parts.ema() != null)) {
                throw new IllegalArgumentException("state and configuration disagree about the EMA model");
            }
            if (hasEma) {
                readParameters(in, parts.ema().parameters(), "EMA model");
            }
            readParameters(in, parts.metaParameters(), "meta nets");
            parts.baseOptimizer().readState(in, device);
            parts.metaOptimizer().readState(in, device);
            parts.window().read(in);
            parts.trusted().read(in);
            parts.recent().read(in);
            boolean hasLabelModel = version >= 2 && in.readBoolean();
            if (hasLabelModel != (parts.labelModel() != null)) {
                throw new IllegalArgumentException("state and configuration disagree about the label model");
            }
            if (hasLabelModel) {
                parts.labelModel().read(in);
            }
            boolean hasTrustedModel = version >= 2 && in.readBoolean();
            if (hasTrustedModel != (parts.trustedModel() != null)) {
                throw new IllegalArgumentException("state and configuration disagree about the trusted model");
            }
            if (hasTrustedModel) {
                readParameters(in, parts.trustedModel().model().parameters(), "trusted model");
                parts.trustedModel().optimizer().readState(in, device);
            }
            if (version >= 3) {
                // The gate holds only running means that the next batches refill, so it may be turned
                // on or off across a restore: missing sums start empty, unused ones are read and dropped.
                if (in.readBoolean()) {
                    if (parts.trustedGate() != null) {
                        parts.trustedGate().read(in);
                    } else {
                        TrustedGate.skip(in);
                    }
                }
            }
            // Before version 4 a reservoir's count was not kept: what it holds is the least it has seen.
            parts.recent().restoreSeen(version >= 4 ? in.readLong() : parts.recent().size());
            if (in.read() != -1) {
                throw new IllegalArgumentException("trailing bytes after trainer state");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt trainer state: " + e.getMessage(), e);
        }
    }

    private static void writeParameters(DataOutputStream out, ParameterSet parameters) throws IOException {
        List<String> names = parameters.names();
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
            ArrayCodec.write(out, parameters.get(name));
        }
    }

    private static void readParameters(DataInputStream in, ParameterSet parameters, String what) throws IOException {
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IllegalArgumentException(what + ": state has " + count + " parameters, the model has "
                    + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            NDArray target = parameters.get(name);
            try (NDManager scratch = target.getManager().newSubManager()) {
                NDArray value = ArrayCodec.read(in, scratch, target.getDevice());
                if (!value.getShape().equals(target.getShape()) || value.getDataType() != target.getDataType()) {
                    throw new IllegalArgumentException(what + ": parameter " + name + " is " + value.getShape() + " "
                            + value.getDataType() + " in the state, " + target.getShape() + " "
                            + target.getDataType() + " in the model");
                }
                io.winnow.sama.autograd.Tensors.copyInto(value, target);
            }
        }
    }
}
