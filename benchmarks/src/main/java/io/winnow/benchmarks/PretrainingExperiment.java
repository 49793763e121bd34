package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Continued pretraining with auxiliary reweighting (the paper's Section 4.2) on the SpamAssassin
 * task: a text model learns the downstream classification from a small labeled set while it is
 * pretrained (masked tokens) on a pool of in-domain e-mails and out-of-domain fortunes. Compared:
 * finetuning alone; multitask with every pretraining sample weighted 1 (TARTAN-MT); SAMA
 * reweighting of the pretraining samples. Each is a bounded replay of the curation job.
 */
public final class PretrainingExperiment {

    public enum Method {
        FINETUNE_ONLY("Finetune only (no pretraining data)"),
        MULTITASK("Multitask, equal weights (TARTAN-MT)"),
        SAMA("SAMA reweighting");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One run. Weights: each pool sample's weight in the last epoch, split by domain (empty for
     * finetuning alone).
     */
    public record Run(Method method, long seed, double accuracy, double[] inDomainWeights, double[] outOfDomainWeights,
            double[] inDomainLosses, double[] outOfDomainLosses, int baseSteps, double seconds) {

        /**
         * ROC AUC of the (negated) masked-token loss for telling in-domain from out-of-domain samples:
         * how far any net that reads only the loss could separate them.
         */
        public double lossAuc() {
            return Stats.auc(negate(inDomainLosses), negate(outOfDomainLosses));
        }

        private static double[] negate(double[] values) {
            return java.util.Arrays.stream(values).map(v -> -v).toArray();
        }

        /** ROC AUC of the weights for telling in-domain from out-of-domain samples. */
        public double weightAuc() {
            return Stats.auc(inDomainWeights, outOfDomainWeights);
        }

        public double meanInDomainWeight() {
            return java.util.Arrays.stream(inDomainWeights).average().orElse(Double.NaN);
        }

        public double meanOutOfDomainWeight() {
            return java.util.Arrays.stream(outOfDomainWeights).average().orElse(Double.NaN);
        }
    }

    /**
     * Task settings of every run, on top of the model: SAMA's continued-pretraining recipe (α = 0.3,
     * AdamW for the base model, Adam for the meta level, unroll 10) with learning rates for a small
     * model and per-batch weight normalisation (see BENCHMARKS.md).
     */
    static final Map<String, String> DEFAULT_TUNING = Map.of(
            "lr", "0.001",
            "meta-lr", "0.01",
            "unroll", "10",
            "meta-batch", "32",
            "finetune-batch", "32",
            "reweight-normalize", "true");

    private final ReplayRunner runner;
    private final Map<String, String> tuning;
    private final int epochs;

    public PretrainingExperiment(ReplayRunner runner, Map<String, String> tuning, int epochs) {
        this.runner = runner;
        this.tuning = Map.copyOf(tuning);
        this.epochs = epochs;
    }

    public List<Run> run(PretrainingPool data, List<Method> methods, List<Long> seeds, Consumer<Run> progress) {
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (Method method : methods) {
                Run run = run(data, method, seed);
                progress.accept(run);
                runs.add(run);
            }
        }
        return runs;
    }

    private Run run(PretrainingPool data, Method method, long seed) {
        String name = String.format(Locale.ROOT, "pretrain-%s-s%d", method.name().toLowerCase(Locale.ROOT).replace('_', '-'), seed);
        if (method == Method.FINETUNE_ONLY) {
            // As many labeled batches as the pretraining runs see: one per base step.
            int steps = epochs * ceilDiv(data.pool().size(), runner.batchSize());
            int finetuneEpochs = Math.max(1, Math.round((float) steps * runner.batchSize() / data.labeled().size()));
            RunResult result = runner.run(new RunSpec(name, data.labeled(), List.of(), data.test(),
                    settings(false, "finetune"), finetuneEpochs, seed));
            return new Run(method, seed, result.accuracy(), new double[0], new double[0], new double[0], new double[0],
                    finetuneEpochs * ceilDiv(data.labeled().size(), runner.batchSize()), result.seconds());
        }
        RunResult result = runner.run(new RunSpec(name, data.pool(), data.labeled(), data.test(),
                settings(true, method == Method.SAMA ? "sama" : "finetune"), epochs, seed));
        List<Double> in = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        List<Double> inLoss = new ArrayList<>();
        List<Double> outLoss = new ArrayList<>();
        for (Example sample : data.pool()) {
            boolean inDomain = data.isInDomain(sample.id());
            RunResult.Pass last = result.lastPass(sample.id());
            (inDomain ? in : out).add((double) last.weight());
            (inDomain ? inLoss : outLoss).add((double) last.loss());
        }
        return new Run(method, seed, result.accuracy(), toArray(in), toArray(out), toArray(inLoss), toArray(outLoss),
                epochs * ceilDiv(data.pool().size(), runner.batchSize()), result.seconds());
    }

    private Map<String, String> settings(boolean pretraining, String hypergradient) {
        Map<String, String> s = new HashMap<>();
        s.put("classes", "2");
        s.put("model", "text");
        s.put("text.vocabulary", Integer.toString(PretrainingPool.VOCABULARY));
        s.put("text.max-length", Integer.toString(PretrainingPool.MAX_TOKENS));
        s.put("text.embedding", "64");
        s.put("text.encoder-layers", "1");
        s.put("text.heads", "4");
        s.put("text.ffn", "128");
        s.put("text.hidden", "64");
        s.putAll(tuning);
        s.put("method", hypergradient);
        if (pretraining) {
            s.put("objective", "continued-pretraining");
        } else {
            // Finetuning alone is a plain curation task with nothing to reweight: the pretraining-only keys go.
            s.remove("finetune-batch");
            s.remove("mask-probability");
        }
        return s;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
