package io.winnow.operator;

import io.winnow.sama.MetaStepReport;

import org.apache.flink.annotation.PublicEvolving;

/** Statistics of one meta step of one task (Flink POJO), emitted on a side output. */
@PublicEvolving
public class MetricsRecord {

    public String task;
    public long metaStep;
    public long modelVersion;
    public double baseLoss;
    /** NaN when there was no meta data yet. */
    public double metaLoss;
    public long samples;
    public double weightMean;
    public double weightStd;
    public double weightMin;
    public double weightMax;
    public double labelsChangedShare;
    public double samplesPerSecond;
    public boolean metaUpdateApplied;

    public MetricsRecord() {}

    public static MetricsRecord of(String task, MetaStepReport report) {
        MetricsRecord record = new MetricsRecord();
        record.task = task;
        record.metaStep = report.metaStep();
        record.modelVersion = report.modelVersion();
        record.baseLoss = report.baseLoss();
        record.metaLoss = report.metaLoss();
        record.samples = report.samples();
        record.weightMean = report.weightMean();
        record.weightStd = report.weightStd();
        record.weightMin = report.weightMin();
        record.weightMax = report.weightMax();
        record.labelsChangedShare = report.labelsChangedShare();
        record.samplesPerSecond = report.samplesPerSecond();
        record.metaUpdateApplied = report.updateApplied();
        return record;
    }
}
