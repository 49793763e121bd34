package io.winnow.operator;

import io.winnow.sama.MetaStepReport;
import io.winnow.sama.StepResult;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The curation operator's Flink metrics: throughput, step times, weights and losses, skipped
 * updates. Gauges show the latest value over all tasks of the subtask.
 */
final class CurationMetrics {

    private final Counter samplesCurated;
    private final Counter trustedReceived;
    private final Counter baseSteps;
    private final Counter metaSteps;
    private final Counter skippedUpdates;
    private final Histogram stepMillis;
    private volatile double lastBaseLoss = Double.NaN;
    private volatile double lastMetaLoss = Double.NaN;
    private volatile double lastWeightMean = Double.NaN;
    private volatile double lastLabelsChangedShare = Double.NaN;
    private volatile long lastModelVersion;

    CurationMetrics(MetricGroup group) {
        samplesCurated = group.counter("samplesCurated");
        trustedReceived = group.counter("trustedSamplesReceived");
        baseSteps = group.counter("baseSteps");
        metaSteps = group.counter("metaSteps");
        skippedUpdates = group.counter("skippedUpdates");
        group.meter("samplesCuratedPerSecond", new MeterView(samplesCurated));
        stepMillis = group.histogram("stepMillis", new DescriptiveStatisticsHistogram(500));
        group.gauge("lastBaseLoss", () -> lastBaseLoss);
        group.gauge("lastMetaLoss", () -> lastMetaLoss);
        group.gauge("lastWeightMean", () -> lastWeightMean);
        group.gauge("lastLabelsChangedShare", () -> lastLabelsChangedShare);
        group.gauge("modelVersion", () -> lastModelVersion);
    }

    void trusted(int count) {
        trustedReceived.inc(count);
    }

    void step(StepResult result) {
        samplesCurated.inc(result.outcomes().size());
        baseSteps.inc();
        if (!result.updateApplied()) {
            skippedUpdates.inc();
        }
        stepMillis.update(result.elapsedNanos() / 1_000_000);
        lastBaseLoss = result.baseLoss();
        if (!result.outcomes().isEmpty()) {
            lastModelVersion = result.outcomes().get(0).modelVersion() + (result.updateApplied() ? 1 : 0);
        }
        result.metaStep().ifPresent(this::metaStep);
    }

    private void metaStep(MetaStepReport report) {
        metaSteps.inc();
        lastMetaLoss = report.metaLoss();
        lastWeightMean = report.weightMean();
        lastLabelsChangedShare = report.labelsChangedShare();
    }
}
