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
 * Adam and AdamW with bias correction, as PyTorch computes them:
 * m = β1·m + (1−β1)·g, s = β2·s + (1−β2)·g², u = lr/bc1 · m / (√(s/bc2) + eps) with bc_i = 1 − β_i^t.
 * Weight decay is coupled (added to g, Adam) or decoupled (θ scaled by 1 − lr·wd, AdamW).
 */
public final class Adam implements Optimizer {

    private final LearningRateSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupledWeightDecay;
    private final NDManager stateManager;

    private List<NDArray> firstMoments;
    private List<NDArray> secondMoments;
    /** The gradient of the last step, after coupled weight decay: D depends on it. */
    private List<NDArray> lastGradients;
    private long steps;
    private double lastLearningRate = Double.NaN;

    private Adam(
            NDManager stateManager,
            LearningRateSchedule schedule,
            double beta1,
            double beta2,
            double eps,
            double weightDecay,
            boolean decoupledWeightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("betas must be in [0, 1): " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("need eps > 0 and weightDecay >= 0");
        }
        this.stateManager = stateManager;
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    /** Adam; a non-zero weight decay is added to the gradient (L2 regularisation). */
    public static Adam adam(
            NDManager stateManager, LearningRateSchedule schedule, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(stateManager, schedule, beta1, beta2, eps, weightDecay, false);
    }

    /** AdamW: weight decay shrinks θ directly and does not enter the moments. */
    public static Adam adamW(
            NDManager stateManager, LearningRateSchedule schedule, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(stateManager, schedule, beta1, beta2, eps, weightDecay, true);
    }

    @Override
    public void step(ParameterSet parameters, List<NDArray> gradients) {
        List<NDArray> params = parameters.arrays();
        if (firstMoments == null) {
            firstMoments = Tensors.zerosLike(params, stateManager);
            secondMoments = Tensors.zerosLike(params, stateManager);
        }
        if (lastGradients == null) {
            lastGradients = Tensors.zerosLike(params, stateManager);
        }
        double lr = schedule.at(steps);
        long t = steps + 1;
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        // In place wherever possible: on large models every temporary θ-sized array costs more than the arithmetic.
        for (int i = 0; i < params.size(); i++) {
            NDArray param = params.get(i);
            NDArray g = lastGradients.get(i);
            Tensors.copyInto(gradients.get(i), g);
            if (weightDecay != 0 && !decoupledWeightDecay) {
                try (NDArray decay = param.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            NDArray m = firstMoments.get(i);
            NDArray s = secondMoments.get(i);
            // m = β1·m + (1−β1)·g, written as (1−β1)·(β1/(1−β1)·m + g) to need no temporary.
            m.muli(beta1 / (1 - beta1)).addi(g).muli(1 - beta1);
            try (NDArray square = g.square()) {
                s.muli(beta2).addi(square.muli(1 - beta2));
            }
            if (weightDecay != 0 && decoupledWeightDecay) {
                param.muli(1 - lr * weightDecay);
            }
            try (NDArray update = s.div(correction2)) {
                update.powi(0.5).addi(eps).powi(-1).muli(m).muli(lr / correction1);
                param.subi(update);
            }
        }
        lastLearningRate = lr;
        steps = t;
    }

    /**
     * With a = √(s/bc2), B = a + eps and m, s, g after the last step:
     * ∂u/∂g = lr/bc1 · [(1−β1) − (1−β2)/bc2 · m·g / (a·B)] / B.
     */
    @Override
    public List<NDArray> updateJacobianDiagonal(NDManager manager) {
        if (lastGradients == null) {
            throw new IllegalStateException("no update taken since this optimizer was created or restored");
        }
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        List<NDArray> out = new ArrayList<>(lastGradients.size());
        for (int i = 0; i < lastGradients.size(); i++) {
            NDArray g = lastGradients.get(i);
            try (NDArray a = secondMoments.get(i).div(correction2); NDArray b = a.powi(0.5).add(eps)) {
                // Where a = 0 the gradient was 0 as well (s holds (1−β2)·g²): the floor turns 0/0 into 0.
                a.muli(b).addi(Float.MIN_NORMAL);
                NDArray diagonal = firstMoments.get(i).mul(g);
                diagonal.divi(a).muli(-(1 - beta2) / correction2).addi(1 - beta1).divi(b).muli(lastLearningRate / correction1);
                diagonal.attach(manager);
                out.add(diagonal);
            }
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
        out.writeBoolean(firstMoments != null);
        if (firstMoments != null) {
            ArrayCodec.writeAll(out, firstMoments);
            ArrayCodec.writeAll(out, secondMoments);
        }
    }

    @Override
    public void readState(DataInput in, Device device) throws IOException {
        steps = in.readLong();
        lastLearningRate = in.readDouble();
        for (List<NDArray> owned : List.of(
                nullToEmpty(firstMoments), nullToEmpty(secondMoments), nullToEmpty(lastGradients))) {
            Tensors.close(owned);
        }
        firstMoments = null;
        secondMoments = null;
        lastGradients = null;
        if (in.readBoolean()) {
            firstMoments = new ArrayList<>(ArrayCodec.readAll(in, stateManager, device));
            secondMoments = new ArrayList<>(ArrayCodec.readAll(in, stateManager, device));
        }
    }

    private static List<NDArray> nullToEmpty(List<NDArray> arrays) {
        return arrays == null ? List.of() : arrays;
    }
}
