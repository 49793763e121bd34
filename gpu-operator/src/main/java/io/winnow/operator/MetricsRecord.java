package io.winnow.operator;

import io.winnow.sama.MetaStepReport;

import org.apache.flink.annotation.PublicEvolving;

/** Statistics of one meta step of one task (Flink POJO), emitted on a side output: the engine's report and its task. */
@PublicEvolving
public class MetricsRecord {

    public String task;
    /** The meta step's statistics; its meta loss is NaN when there was no meta data yet. */
    public MetaStepReport report;

    public MetricsRecord() {}

    public static MetricsRecord of(String task, MetaStepReport report) {
        MetricsRecord record = new MetricsRecord();
        record.task = task;
        record.report = report;
        return record;
    }
}
