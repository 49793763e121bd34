package io.winnow.benchmarks;

import io.winnow.benchmarks.hyper.HypergradientAccuracy;
import io.winnow.benchmarks.spam.WeakLabels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a benchmark run measured, collected for the report. */
public final class BenchmarkResults {

    private final BenchmarkOptions options;
    private final String corpus;
    private final String split;
    private final String model;
    private final List<WeakLabels.Quality> labelingFunctions;
    private final Map<String, String> tuning;
    private final Map<String, Double> noiseRates = new LinkedHashMap<>();
    private final List<MethodRun> runs = new ArrayList<>();
    private final List<PruningExperiment.Point> pruning = new ArrayList<>();
    private final List<PretrainingExperiment.Run> pretraining = new ArrayList<>();
    private String pretrainingData;
    private Map<String, String> pretrainingTuning = Map.of();
    private HypergradientAccuracy.Curves hypergradientAccuracy;

    public BenchmarkResults(BenchmarkOptions options, BenchmarkCorpus corpus, Map<String, String> tuning) {
        this.options = options;
        this.corpus = corpus.description();
        this.split = corpus.split();
        this.model = corpus.model();
        this.labelingFunctions = List.copyOf(corpus.labelingFunctions());
        this.tuning = Map.copyOf(tuning);
    }

    public BenchmarkOptions options() {
        return options;
    }

    /** The corpus, in one line. */
    public String corpus() {
        return corpus;
    }

    public String split() {
        return split;
    }

    public String model() {
        return model;
    }

    public List<WeakLabels.Quality> labelingFunctions() {
        return labelingFunctions;
    }

    public Map<String, String> tuning() {
        return tuning;
    }

    /** Share of mislabeled training samples, per label-noise setting. */
    public Map<String, Double> noiseRates() {
        return noiseRates;
    }

    public List<MethodRun> runs() {
        return runs;
    }

    public List<PruningExperiment.Point> pruning() {
        return pruning;
    }

    public List<PretrainingExperiment.Run> pretraining() {
        return pretraining;
    }

    /** What the continued-pretraining runs read, in words (for the report). */
    public String pretrainingData() {
        return pretrainingData;
    }

    public void setPretrainingData(String description) {
        this.pretrainingData = description;
    }

    /** Task settings of the continued-pretraining runs. */
    public Map<String, String> pretrainingTuning() {
        return pretrainingTuning;
    }

    public void setPretrainingTuning(Map<String, String> tuning) {
        this.pretrainingTuning = Map.copyOf(tuning);
    }

    public HypergradientAccuracy.Curves hypergradientAccuracy() {
        return hypergradientAccuracy;
    }

    public void setHypergradientAccuracy(HypergradientAccuracy.Curves curves) {
        this.hypergradientAccuracy = curves;
    }

    /** The runs of one noise setting and method, over the seeds. */
    public List<MethodRun> runs(String noise, CurationMethod method) {
        return runs.stream().filter(r -> r.noise().equals(noise) && r.method() == method).toList();
    }

    public Stats.Summary accuracy(String noise, CurationMethod method) {
        return Stats.Summary.of(runs(noise, method).stream().map(MethodRun::accuracy).toList());
    }
}
