package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.autograd.Tensors;
import io.winnow.sama.device.EngineSettings;

import java.util.List;
import java.util.Random;

/** Shared helpers for tests that run the real DJL engine. */
public final class EngineTestSupport {

    static {
        EngineSettings.ensureOffline();
    }

    private EngineTestSupport() {}

    public static NDManager manager() {
        return NDManager.newBaseManager("PyTorch");
    }

    public static NDArray randomArray(NDManager manager, Random random, Shape shape, DataType dataType) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    public static double[] doubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    public static double[] flatten(List<NDArray> arrays) {
        return Tensors.flatten(arrays);
    }

    /** max |a − b| / max(|b|_∞, floor). */
    public static double relativeError(double[] a, double[] b, double floor) {
        double maxDiff = 0;
        double maxRef = floor;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / maxRef;
    }

    /** Probability that a random clean sample outweighs a random flipped one (ties count half): the weights' ROC AUC. */
    public static double rocAuc(List<Double> cleanWeights, List<Double> flippedWeights) {
        double wins = 0;
        for (double clean : cleanWeights) {
            for (double noisy : flippedWeights) {
                wins += clean > noisy ? 1 : clean == noisy ? 0.5 : 0;
            }
        }
        return wins / ((double) cleanWeights.size() * flippedWeights.size());
    }
}
