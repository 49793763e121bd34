package io.winnow.benchmarks;

import io.winnow.sama.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The paper's Table 1 on one dataset: every method, every seed, the same epochs and settings; for
 * methods that train on the given labels, also how well their weights and corrections found the
 * mislabeled samples.
 */
public final class MethodComparison {

    private final ReplayRunner runner;
    private final int epochs;
    private final Map<String, String> tuning;

    /** @param tuning task settings shared by every method (learning rates, unroll, ...) */
    public MethodComparison(ReplayRunner runner, int epochs, Map<String, String> tuning) {
        this.runner = runner;
        this.epochs = epochs;
        this.tuning = Map.copyOf(tuning);
    }

    public List<MethodRun> run(ReplayDataset dataset, String noiseName, List<CurationMethod> methods, List<Long> seeds,
            Consumer<MethodRun> progress) {
        List<MethodRun> out = new ArrayList<>();
        for (CurationMethod method : methods) {
            for (long seed : seeds) {
                String name = String.format(Locale.ROOT, "%s-%s-s%d", slug(noiseName), method.name().toLowerCase(Locale.ROOT)
                        .replace('_', '-'), seed);
                Map<String, String> settings = settings(dataset, method);
                List<Example> trusted = settings.containsKey("labeling-functions") ? dataset.trusted()
                        : withoutVotes(dataset.trusted());
                List<Example> training = training(dataset, method, settings, seed, name);
                boolean finetuneOnTrusted = method.trainingData() == CurationMethod.TrainingData.WEAK_THEN_TRUSTED;
                boolean oracleLater = method.trainingData() == CurationMethod.TrainingData.ORACLE_AFTER_FIRST_EPOCH;
                RunResult result = oracleLater && epochs > 1
                        ? runner.run(new RunSpec(name, training, trusted, dataset.test(), settings, 1, seed,
                                rightLabelsOnly(dataset, training), epochs - 1))
                        : runner.run(new RunSpec(name, training, trusted, dataset.test(), settings, epochs, seed,
                        finetuneOnTrusted ? repeated(withoutVotes(dataset.trusted()), training.size()) : List.of(),
                        finetuneOnTrusted ? 1 : 0));
                NoiseDetection detection = method.curatesGivenLabels() ? NoiseDetection.of(dataset, training, result) : null;
                MethodRun run = new MethodRun(noiseName, method, seed, result.accuracy(), detection,
                        result.meanLossPerEpoch(), result.metaLosses(), result.seconds(), training.size());
                progress.accept(run);
                out.add(run);
            }
        }
        return out;
    }

    private Map<String, String> settings(ReplayDataset dataset, CurationMethod method) {
        Map<String, String> s = new HashMap<>(dataset.taskSettings());
        s.put("classes", Integer.toString(dataset.classes()));
        s.putAll(tuning);
        s.putAll(method.taskSettings());
        if (!method.curatesGivenLabels()) {
            s.remove("labeling-functions"); // their votes describe the given labels only
        }
        return s;
    }

    /** What the method's base model trains on (per epoch). */
    private List<Example> training(ReplayDataset dataset, CurationMethod method, Map<String, String> settings, long seed,
            String name) {
        List<Example> given = withoutVotes(dataset.train());
        return switch (method.trainingData()) {
            case GIVEN -> dataset.train();
            case TRUE -> dataset.trainWithTrueLabels();
            case TRUSTED -> repeated(withoutVotes(dataset.trusted()), dataset.train().size());
            case MIXED, WEAK_THEN_TRUSTED, ORACLE_AFTER_FIRST_EPOCH -> given;
            case ORACLE -> rightLabelsOnly(dataset, given);
            case LABEL_MODEL -> {
                int functions = dataset.train().isEmpty() ? 0 : dataset.train().get(0).votes().length;
                yield functions == 0 ? given // no votes (synthetic noise): nothing to model
                        : OfflineLabelModel.relabel(dataset.train(), dataset.trusted(), dataset.classes(), functions);
            }
            case CONFIDENT_LEARNING -> ConfidentLearning.filter(runner, given, dataset.classes(), settings, epochs, seed,
                    name + "-cl");
            case TRUSTED_MODEL_FILTER -> TrustedModelFilter.filter(runner, given,
                    repeated(withoutVotes(dataset.trusted()), given.size()), dataset.classes(), settings, epochs, seed,
                    name + "-judge");
        };
    }

    private static List<Example> rightLabelsOnly(ReplayDataset dataset, List<Example> samples) {
        return samples.stream().filter(e -> e.label() == dataset.trueLabel(e.id())).toList();
    }

    private static List<Example> repeated(List<Example> trusted, int size) {
        List<Example> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Example e = trusted.get(i % trusted.size());
            out.add(new Example(e.id() + "#" + (i / trusted.size()), e.features(), e.tokens(), e.label(), new int[0]));
        }
        return out;
    }

    private static List<Example> withoutVotes(List<Example> examples) {
        return examples.stream().map(e -> e.withVotes(null)).toList();
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
