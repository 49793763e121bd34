package io.winnow.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The report's plots, drawn with JFreeChart and written as PNG files (headless). */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** One bar per (series, category) with a mean ± standard-deviation error bar. */
    static void barsWithErrorBars(Path file, String title, String valueLabel, DefaultStatisticalCategoryDataset data,
            double lowerBound) {
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(null), new NumberAxis(valueLabel),
                new StatisticalBarRenderer());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getRangeAxis().setLowerBound(lowerBound);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        StatisticalBarRenderer renderer = (StatisticalBarRenderer) plot.getRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDrawBarOutline(false);
        Range bars = DatasetUtils.findRangeBounds(data, true);
        // The axis starts at lowerBound, not at the lowest bar: ticks for what is shown.
        fixTicks((NumberAxis) plot.getRangeAxis(), bars == null ? null : new Range(lowerBound, Math.max(lowerBound, bars.getUpperBound())));
        save(file, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Overlaid relative-frequency histograms, e.g. the weights of clean and of mislabeled samples. */
    static void histograms(Path file, String title, String valueLabel, Map<String, double[]> series, int bins,
            double min, double max) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        series.forEach((name, values) -> {
            if (values.length > 0) {
                data.addSeries(name + " (" + values.length + ")", values, bins, min, max);
            }
        });
        JFreeChart chart = ChartFactory.createHistogram(title, valueLabel, "share of samples", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setForegroundAlpha(0.6f);
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        fixTicks((NumberAxis) plot.getRangeAxis(), DatasetUtils.findRangeBounds(data));
        save(file, chart);
    }

    /** Lines through (x, y) points, one per series. */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, double[][]> series,
            boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name);
            for (double[] point : points) {
                if (!logY || point[1] > 0) {
                    s.add(point[0], point[1]);
                }
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        if (logY) {
            plot.setRangeAxis(new org.jfree.chart.axis.LogAxis(yLabel));
        } else {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
            fixTicks((NumberAxis) plot.getRangeAxis(), DatasetUtils.findRangeBounds(data));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        save(file, chart);
    }

    /** Lines of means with a shaded ± standard-deviation band: points are {x, mean, std}. */
    static void linesWithBands(Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.forEach((name, points) -> {
            YIntervalSeries s = new YIntervalSeries(name);
            for (double[] p : points) {
                s.add(p[0], p[1], p[1] - p[2], p[1] + p[2]);
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        fixTicks((NumberAxis) plot.getRangeAxis(), DatasetUtils.findRangeBounds(data, true));
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.2f);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        save(file, chart);
    }

    /**
     * A fixed tick unit for a value axis, chosen from the data (about six ticks: 1, 2 or 5 times a
     * power of ten). JFreeChart's automatic choice estimates it from the tick font's line height,
     * and on a machine whose fonts were not yet set up for the user it got a non-finite estimate and
     * threw "Must be finite" (seen on fresh accounts, for one chart in a run); the data range
     * does not depend on fonts.
     */
    static void fixTicks(NumberAxis axis, Range data) {
        if (data == null || !Double.isFinite(data.getLength()) || data.getLength() <= 0) {
            return; // a flat or empty series: the automatic choice has nothing to get wrong
        }
        double rough = data.getLength() / 6;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = rough / power < 1.5 ? power : rough / power < 3.5 ? 2 * power : rough / power < 7.5 ? 5 * power : 10 * power;
        axis.setTickUnit(new NumberTickUnit(step), false, false);
        axis.setAutoTickUnitSelection(false, false);
    }

    private static void save(Path file, JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
