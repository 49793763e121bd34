package io.winnow.sama.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.winnow.sama.autograd.ParameterSet;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.state.ArrayCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with optional momentum, dampening, Nesterov and coupled weight decay, with PyTorch's
 * semantics (the first step initialises the momentum buffer with the gradient).
 */
public final class Sgd implements Optimizer {

    private final LearningRateSchedule schedule;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final NDManager stateManager;

    private List<NDArray> momentumBuffers;
    /** θ of the last step: D is a constant shaped like it. */
    private List<NDArray> lastParameters;
    private long steps;
    private double lastLearningRate = Double.NaN;

    public Sgd(
            NDManager stateManager,
            LearningRateSchedule schedule,
            double momentum,
            double dampening,
            boolean nesterov,
            double weightDecay) {
        if (momentum < 0 || momentum >= 1 || dampening < 0 || dampening > 1 || weightDecay < 0) {
            throw new IllegalArgumentException("need 0 <= momentum < 1, 0 <= dampening <= 1, weightDecay >= 0");
        }
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0 and no dampening");
        }
        this.stateManager = stateManager;
        this.schedule = schedule;
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    public static Sgd plain(NDManager stateManager, LearningRateSchedule schedule) {
        return new Sgd(stateManager, schedule, 0, 0, false, 0);
    }

    @Override
    public void step(ParameterSet parameters, List<NDArray> gradients) {
        List<NDArray> params = parameters.arrays();
        double lr = schedule.at(steps);
        if (momentum > 0 && momentumBuffers == null) {
            momentumBuffers = new ArrayList<>();
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray param = params.get(i);
            try (NDManager scratch = stateManager.newSubManager()) {
                NDArray direction = gradients.get(i);
                if (weightDecay != 0) {
                    // Temporaries land in their operands' long-lived managers: close or attach every one.
                    try (NDArray decay = param.mul(weightDecay)) {
                        direction = direction.add(decay);
                    }
                    direction.attach(scratch);
                }
                if (momentum > 0) {
                    direction = momentumDirection(i, direction, scratch);
                }
                NDArray update = direction.mul(lr);
                update.attach(scratch);
                param.subi(update);
            }
        }
        lastLearningRate = lr;
        lastParameters = params;
        steps++;
    }

    private NDArray momentumDirection(int index, NDArray direction, NDManager scratch) {
        if (momentumBuffers.size() <= index) {
            NDArray buffer = direction.duplicate();
            buffer.attach(stateManager);
            momentumBuffers.add(buffer);
        } else {
            NDArray buffer = momentumBuffers.get(index);
            buffer.muli(momentum);
            NDArray fresh = direction.mul(1 - dampening);
            fresh.attach(scratch);
            buffer.addi(fresh);
        }
        NDArray buffer = momentumBuffers.get(index);
        if (nesterov) {
            NDArray lookahead;
            try (NDArray scaled = buffer.mul(momentum)) {
                lookahead = direction.add(scaled);
            }
            lookahead.attach(scratch);
            return lookahead;
        }
        return buffer;
    }

    @Override
    public List<NDArray> updateJacobianDiagonal(NDManager manager) {
        if (lastParameters == null) {
            throw new IllegalStateException("no update taken since this optimizer was created or restored");
        }
        // The first momentum step copies g into the buffer; later ones add (1 - dampening) g.
        double bufferSlope = momentum == 0 ? 1 : (steps == 1 ? 1 : 1 - dampening);
        double slope = nesterov ? 1 + momentum * bufferSlope : bufferSlope;
        double diagonal = lastLearningRate * slope;
        List<NDArray> out = new ArrayList<>();
        for (NDArray reference : lastParameters) {
            out.add(manager.ones(reference.getShape(), reference.getDataType(), reference.getDevice())
                    .muli(diagonal));
        }
        return out;
    }

    @Override
    public long stepCount() {
        return steps;
    }

    @Override
    public double currentLearningRate() {
        return schedule.at(steps);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(steps);
        out.writeDouble(lastLearningRate);
        out.writeBoolean(momentumBuffers != null);
        if (momentumBuffers != null) {
            ArrayCodec.writeAll(out, momentumBuffers);
        }
    }

    @Override
    public void readState(DataInput in, Device device) throws IOException {
        steps = in.readLong();
        lastLearningRate = in.readDouble();
        lastParameters = null;
        if (momentumBuffers != null) {
            Tensors.close(momentumBuffers);
            momentumBuffers = null;
        }
        if (in.readBoolean()) {
            momentumBuffers = new ArrayList<>(ArrayCodec.readAll(in, stateManager, device));
        }
    }
}
