package io.winnow.benchmarks.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats a {@link EngineBenchmarkReport} as a plain-text table with the target checks under it. */
final class ResultTable {

    private static final String[] HEADER = {
        "model", "method", "samples/s median [min–max]", "base ms", "meta +ms",
        "heap peak MB", "native peak above baseline MB", "step working set MB", "RSS peak MB"
    };

    private ResultTable() {}

    static String format(EngineBenchmarkReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PairSummary pair : report.pairs()) {
            rows.add(new String[] {
                pair.model(),
                pair.method(),
                String.format(Locale.ROOT, "%.1f [%.1f–%.1f]", pair.samplesPerSecondMedian(),
                        pair.samplesPerSecondMin(), pair.samplesPerSecondMax()),
                number(pair.baseStepMillis(), 2),
                number(pair.metaStepMillis(), 1),
                number(pair.heapPeakMib(), 1),
                number(pair.nativePeakAboveBaselineMib(), 1),
                number(pair.stepWorkingSetMib(), 1),
                number(pair.rssPeakMib(), 1)
            });
        }
        StringBuilder out = new StringBuilder();
        out.append("Engine benchmark: ").append(report.workload().describe()).append('\n');
        if (report.quick()) {
            out.append("--quick: a smoke run of the harness with tiny sizes; its figures and verdicts say nothing about the engine\n");
        }
        out.append(String.format(Locale.ROOT, "%d round(s), methods interleaved, one child JVM per run; "
                + "figures are medians over the rounds; wall time %.0f s%n%n", report.rounds(), report.wallSeconds()));
        appendAligned(out, rows);
        out.append('\n');
        out.append("base ms: median base step; meta +ms: extra time of a step that ran a meta step (mean).\n"
                + "native peak above baseline: VmHWM over the timed part − RSS after engine start-up, a warm-up trainer"
                + " and data generation (before the measured trainer existed; the child heap is fixed and pre-touched).\n"
                + "step working set: VmHWM over the timed part − RSS after the measured trainer's warm-up."
                + " RSS peak: VmHWM, heap included. MB = MiB.\n\n");
        List<String[]> checks = new ArrayList<>();
        checks.add(new String[] {"model", "ratio", "value", "target", "verdict"});
        for (RatioCheck check : report.checks()) {
            checks.add(new String[] {check.model(), check.name(), number(check.value(), 3), check.targetText(),
                check.verdict()});
        }
        if (checks.size() > 1) {
            appendAligned(out, checks);
        }
        for (String failure : report.failures()) {
            out.append("FAILED: ").append(failure).append('\n');
        }
        return out.toString();
    }

    private static void appendAligned(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // Text columns left-aligned, figures right-aligned.
                boolean text = i < 2 || r == 0;
                String cell = text ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
                line.append(cell).append(i + 1 < row.length ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 0;
                for (int width : widths) {
                    total += width + 2;
                }
                out.append("-".repeat(total - 2)).append('\n');
            }
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
