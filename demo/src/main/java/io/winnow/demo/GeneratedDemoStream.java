package io.winnow.demo;

import io.winnow.sama.Example;
import io.winnow.sama.synthetic.NoisyClusters;

import java.util.List;
import java.util.Map;

/** Four Gaussian clusters in 16 dimensions with a share of the training labels flipped. */
final class GeneratedDemoStream implements DemoStream {

    private final NoisyClusters data;
    private final double noise;

    GeneratedDemoStream(long seed, int samples, double noise) {
        this.data = new NoisyClusters(seed, 4, 16, samples, 100, 0, noise, 1.2);
        this.noise = noise;
    }

    @Override
    public String description() {
        return String.format(java.util.Locale.ROOT,
                "%d generated training samples (4 Gaussian clusters, %.0f%% of labels flipped) and %d trusted samples",
                data.train().size(), noise * 100, data.trusted().size());
    }

    @Override
    public Map<String, String> taskSettings() {
        return Map.of("classes", "4", "input.dimension", "16", "mlp.hidden", "64", "lr", "0.003", "meta-lr", "0.003",
                "unroll", "5", "meta-batch", "64", "correct", "true");
    }

    @Override
    public List<Example> trusted() {
        return data.trusted();
    }

    @Override
    public List<Example> training() {
        return data.train();
    }

    @Override
    public int trueLabel(String id) {
        return data.trueLabel(id);
    }
}
