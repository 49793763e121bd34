package io.winnow.sama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.winnow.sama.model.BaseLearner;
import io.winnow.sama.model.Forward;
import io.winnow.sama.model.ModelInput;
import io.winnow.sama.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Online cross-fitting: two {@link SideModel}s, each trained with plain cross-entropy on the given
 * labels of one half of the training stream (the half decided by the sample's id, so a replayed
 * sample always falls in the same one), and each sample judged by the model of the other half, which
 * never trained on it. Confident learning gets its out-of-sample probabilities the same way, by
 * K-fold training over a fixed data set; here both folds learn as the stream passes, and a sample is
 * judged before its own fold's model steps on it. Why: a model trained on the noisy labels soon
 * memorises the samples it was trained on (their loss says little after an epoch), while one that
 * learned the same labeling process from other samples still disagrees with a label that process
 * got wrong at random. It costs two copies of θ and of the optimizer's moments, and about one more
 * base step's compute per batch (each model steps on half of it).
 */
final class CrossFittedView implements AutoCloseable {

    private final SideModel[] folds;

    CrossFittedView(BaseLearner initial, Supplier<Optimizer> optimizers, int numClasses, DataType dataType) {
        this.folds = new SideModel[] {
            new SideModel(initial, optimizers.get(), numClasses, dataType),
            new SideModel(initial, optimizers.get(), numClasses, dataType)
        };
    }

    /**
     * The fold of a sample: a mix of its id's hash (String.hashCode is fixed by the Java
     * specification, so the split is the same on every machine and after a restore).
     */
    static int fold(Example example) {
        long z = example.id().hashCode() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) >>> 63);
    }

    /**
     * Detached log-probabilities [B, K]: row i from the model of the fold sample i is not in (for
     * trusted samples mixed into the batch, which neither model trains on, the same rule applies).
     */
    NDArray outOfFoldLogProbabilities(List<Example> batch, ModelInput input) {
        boolean[] judgedBySecond = new boolean[batch.size()];
        for (int i = 0; i < judgedBySecond.length; i++) {
            judgedBySecond[i] = fold(batch.get(i)) == 0;
        }
        NDArray fromFirst = folds[0].logProbabilities(input);
        NDArray fromSecond = folds[1].logProbabilities(input);
        NDArray bySecond = fromFirst.getManager().create(judgedBySecond).expandDims(1).repeat(1, fromFirst.getShape().get(1));
        return NDArrays.where(bySecond, fromSecond, fromFirst);
    }

    /** One step of each fold's model on the training samples of its fold (none where a fold has none). */
    void learn(List<Example> training, Supplier<Forward> passes, NDManager step) {
        List<List<Example>> byFold = List.of(new ArrayList<>(), new ArrayList<>());
        for (Example example : training) {
            if (example.label() >= 0) {
                byFold.get(fold(example)).add(example);
            }
        }
        for (int f = 0; f < folds.length; f++) {
            if (!byFold.get(f).isEmpty()) {
                try (NDManager foldStep = step.newSubManager()) {
                    folds[f].step(byFold.get(f), passes.get(), foldStep);
                }
            }
        }
    }

    SideModel fold(int index) {
        return folds[index];
    }

    int folds() {
        return folds.length;
    }

    @Override
    public void close() {
        for (SideModel fold : folds) {
            fold.close();
        }
    }
}
