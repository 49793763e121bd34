package io.winnow.operator;

import io.winnow.sama.CurationOutcome;
import io.winnow.sama.ExampleOutcome;
import io.winnow.sama.MetaStepReport;
import io.winnow.sama.StepResult;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.HashMap;
import java.util.Map;

/**
 * The curation operator's Flink metrics, one set per curation task under the key-value group
 * {@code winnow.task = <name>} (a {@code task} label in Prometheus): throughput, step times, losses,
 * weights and the share of down-weighted samples, labels changed, skipped updates, model version.
 * Gauges hold the value of the task's latest step or meta step.
 */
final class CurationMetrics {

    /** A weight below this counts as down-weighted: the sample counts less than half of a neutral one. */
    static final double DOWN_WEIGHTED_BELOW = 0.5;

    private final MetricGroup winnow;
    private final Map<String, TaskMetrics> tasks = new HashMap<>();

    CurationMetrics(MetricGroup operatorGroup) {
        this.winnow = operatorGroup.addGroup("winnow");
    }

    void trusted(String task, int count) {
        of(task).trustedReceived.inc(count);
    }

    void step(String task, StepResult result) {
        of(task).step(result);
    }

    private TaskMetrics of(String task) {
        return tasks.computeIfAbsent(task, name -> new TaskMetrics(winnow.addGroup("task", name)));
    }

    private static final class TaskMetrics {

        private final Counter samplesCurated;
        private final Counter trustedReceived;
        private final Counter labelsChanged;
        private final Counter downWeighted;
        private final Counter baseSteps;
        private final Counter metaSteps;
        private final Counter skippedUpdates;
        private final Histogram stepMillis;
        private volatile double lastBaseLoss = Double.NaN;
        private volatile double lastMetaLoss = Double.NaN;
        private volatile double lastWeightMean = Double.NaN;
        private volatile double lastDownWeightedShare = Double.NaN;
        private volatile double lastLabelsChangedShare = Double.NaN;
        private volatile long lastModelVersion;

        TaskMetrics(MetricGroup group) {
            samplesCurated = group.counter("samplesCurated");
            trustedReceived = group.counter("trustedSamplesReceived");
            labelsChanged = group.counter("labelsChanged");
            downWeighted = group.counter("samplesDownWeighted");
            baseSteps = group.counter("baseSteps");
            metaSteps = group.counter("metaSteps");
            skippedUpdates = group.counter("skippedUpdates");
            group.meter("samplesCuratedPerSecond", new MeterView(samplesCurated));
            stepMillis = group.histogram("stepMillis", new DescriptiveStatisticsHistogram(500));
            group.gauge("lastBaseLoss", () -> lastBaseLoss);
            group.gauge("lastMetaLoss", () -> lastMetaLoss);
            group.gauge("lastWeightMean", () -> lastWeightMean);
            group.gauge("lastDownWeightedShare", () -> lastDownWeightedShare);
            group.gauge("lastLabelsChangedShare", () -> lastLabelsChangedShare);
            group.gauge("modelVersion", () -> lastModelVersion);
        }

        void step(StepResult result) {
            int down = 0;
            for (ExampleOutcome outcome : result.outcomes()) {
                if (outcome.weight() < DOWN_WEIGHTED_BELOW) {
                    down++;
                }
                if (outcome instanceof CurationOutcome curation && curation.labelChanged()) {
                    labelsChanged.inc();
                }
            }
            samplesCurated.inc(result.outcomes().size());
            downWeighted.inc(down);
            if (!result.outcomes().isEmpty()) {
                lastDownWeightedShare = down / (double) result.outcomes().size();
                lastModelVersion = result.outcomes().get(0).modelVersion() + (result.updateApplied() ? 1 : 0);
            }
            baseSteps.inc();
            if (!result.updateApplied()) {
                skippedUpdates.inc();
            }
            stepMillis.update(result.elapsedNanos() / 1_000_000);
            lastBaseLoss = result.baseLoss();
            result.metaStep().ifPresent(this::metaStep);
        }

        private void metaStep(MetaStepReport report) {
            metaSteps.inc();
            lastMetaLoss = report.metaLoss();
            lastWeightMean = report.weightMean();
            lastLabelsChangedShare = report.labelsChangedShare();
        }
    }
}
