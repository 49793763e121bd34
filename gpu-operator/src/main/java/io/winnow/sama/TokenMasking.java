package io.winnow.sama;

import io.winnow.sama.random.SplitMix64;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.winnow.sama.model.ModelInput;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT's masking rule for the masked-token objective: each real token is chosen with probability
 * {@code probability} (at least one per sample); a chosen token becomes [MASK] 80% of the time, a
 * random real token 10% of the time, and stays as it is 10% of the time; the model must predict the
 * original token at every chosen position. Drawn on the host from the trainer's generator, so a
 * restored trainer masks exactly as the original would have.
 */
final class TokenMasking {

    static final double MASK_SHARE = 0.8;
    static final double RANDOM_SHARE = 0.1;

    private final double probability;
    private final int maxLength;
    private final int vocabularySize;
    private final int maskTokenId;

    TokenMasking(double probability, int maxLength, int vocabularySize, int maskTokenId) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("mask probability must be in (0, 1]: " + probability);
        }
        this.probability = probability;
        this.maxLength = maxLength;
        this.vocabularySize = vocabularySize;
        this.maskTokenId = maskTokenId;
    }

    /**
     * A masked batch as tensors.
     *
     * @param input the ids with chosen positions replaced, and the padding mask
     * @param positions [M, B·T] one-hot rows selecting the chosen positions of the flattened batch
     * @param targets [M, V] one-hot of the original token at each chosen position
     * @param perSample [B, M] averaging matrix: row b holds 1/(chosen positions of b) on b's positions
     * @param chosen M, the number of chosen positions
     */
    record MaskedTokens(ModelInput input, NDArray positions, NDArray targets, NDArray perSample, int chosen) {}

    MaskedTokens mask(List<Example> examples, SplitMix64 rng, DataType dataType, NDManager manager) {
        int batch = examples.size();
        int length = 1;
        for (Example example : examples) {
            if (example.isDense() || example.tokens().length == 0) {
                throw new IllegalArgumentException("example " + example.id() + " has no token ids");
            }
            length = Math.max(length, Math.min(maxLength, example.tokens().length));
        }
        long[] ids = new long[batch * length];
        float[] present = new float[batch * length];
        List<int[]> chosen = new ArrayList<>(); // {sample, flat position, original id}
        for (int b = 0; b < batch; b++) {
            int[] source = examples.get(b).tokens();
            int usable = Math.min(length, source.length);
            List<Integer> real = new ArrayList<>();
            for (int t = 0; t < usable; t++) {
                int id = source[t];
                if (id < 0 || id >= vocabularySize) {
                    throw new IllegalArgumentException("example " + examples.get(b).id() + " has token id " + id
                            + " outside [0, " + vocabularySize + ")");
                }
                ids[b * length + t] = id;
                if (id != 0) {
                    present[b * length + t] = 1f;
                    real.add(t);
                }
            }
            List<Integer> picked = new ArrayList<>();
            for (int t : real) {
                if (rng.nextDouble() < probability) {
                    picked.add(t);
                }
            }
            if (picked.isEmpty() && !real.isEmpty()) {
                picked.add(real.get(rng.nextInt(real.size())));
            }
            for (int t : picked) {
                int flat = b * length + t;
                chosen.add(new int[] {b, flat, (int) ids[flat]});
                double r = rng.nextDouble();
                if (r < MASK_SHARE) {
                    ids[flat] = maskTokenId;
                } else if (r < MASK_SHARE + RANDOM_SHARE) {
                    ids[flat] = 1 + rng.nextInt(vocabularySize - 1);
                }
            }
        }
        int m = chosen.size();
        float[] positions = new float[m * batch * length];
        float[] targets = new float[m * vocabularySize];
        float[] perSample = new float[batch * m];
        int[] counts = new int[batch];
        for (int[] c : chosen) {
            counts[c[0]]++;
        }
        for (int i = 0; i < m; i++) {
            int[] c = chosen.get(i);
            positions[i * batch * length + c[1]] = 1f;
            targets[i * vocabularySize + c[2]] = 1f;
            perSample[c[0] * m + i] = 1f / counts[c[0]];
        }
        Shape tokenShape = new Shape(batch, length);
        return new MaskedTokens(
                ModelInput.ofTokens(manager.create(ids, tokenShape), typed(manager.create(present, tokenShape), dataType)),
                typed(manager.create(positions, new Shape(m, (long) batch * length)), dataType),
                typed(manager.create(targets, new Shape(m, vocabularySize)), dataType),
                typed(manager.create(perSample, new Shape(batch, m)), dataType),
                m);
    }

    private static NDArray typed(NDArray array, DataType dataType) {
        if (array.getDataType() == dataType) {
            return array;
        }
        NDArray converted = array.toType(dataType, false);
        array.close();
        return converted;
    }
}
