package io.winnow.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's replay and evaluation path on a slice of the real SpamAssassin corpus (fetched by
 * benchmarks/fetch-spamassassin.sh, which the build runs before the integration tests): bounded
 * replays through the curation job, the report with its tables and plots, and SAMA reweighting +
 * correction at least as good as finetuning on the weak labels.
 */
class SpamBenchmarkITCase {

    private static Path corpus() {
        Path data = Path.of(System.getProperty("winnow.spam.data", BenchmarkOptions.DEFAULT_DATA.toString()));
        assertThat(data.resolve("file_list.json"))
                .as("the SpamAssassin corpus (run benchmarks/fetch-spamassassin.sh)").exists();
        return data;
    }

    @Test
    void replaysASliceOfTheCorpusAndWritesTheReport(@TempDir Path out) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--data", corpus().toString(), "--out", out.toString(), "--limit", "1000", "--seeds", "1", "--epochs", "5",
            "--methods", "finetune-weak,sama-rc", "--noise", "weak",
            "--experiments", "table,pruning,appendix-e", "--prune-fractions", "0.3", "--pruning-epochs", "3",
            "--pruning-score-epochs", "2"});
        BenchmarkResults results = SpamBenchmark.execute(options);
        Path report = new BenchmarkReport(results).write(out);

        String md = Files.readString(report);
        assertThat(md).contains("## Labeling functions", "majority vote", "## Test accuracy", "SAMA R+C",
                "Finetune (given labels)", "## Finding the mislabeled", "## Data pruning", "## Appendix E");
        for (String plot : List.of("accuracy.png", "weights-weak-labels.png", "learning-weak-labels.png", "pruning.png",
                "appendix-e-cosine.png", "appendix-e-distance.png")) {
            assertThat(md).contains("(" + plot + ")");
            BufferedImage image = ImageIO.read(out.resolve(plot).toFile());
            assertThat(image).as(plot).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(100);
        }
        assertThat(Files.readAllLines(out.resolve("runs.csv"))).hasSize(3);
        results.runs().forEach(r -> System.out.printf("slice: %s %s accuracy %.4f AUC %.3f corrections %d precision %.3f%n",
                r.noise(), r.method(), r.accuracy(), r.detection().weightAuc(), r.detection().corrections(),
                r.detection().correctionPrecision()));

        double finetune = results.accuracy("weak labels", CurationMethod.FINETUNE_WEAK).mean();
        double curated = results.accuracy("weak labels", CurationMethod.SAMA_RC).mean();
        assertThat(finetune).as("the slice's test split is learnable").isGreaterThan(0.7);
        assertThat(curated).as("SAMA R+C vs finetune on weak labels").isGreaterThanOrEqualTo(finetune);
        assertThat(results.pruning()).hasSize(3).allSatisfy(p -> assertThat(p.accuracy()).isGreaterThan(0.5));
    }
}
