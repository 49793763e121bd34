package io.winnow.benchmarks.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.winnow.benchmarks.LabelNoise;
import io.winnow.benchmarks.ReplayDataset;
import io.winnow.benchmarks.TopicDataset;
import io.winnow.benchmarks.spam.WeakLabels;
import io.winnow.benchmarks.topics.FortuneTopics.TopicText;
import io.winnow.sama.Example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fortune-topic corpus, its labeling functions and its split, against the installed Debian fortunes. */
class FortuneTopicsTest {

    private static List<TopicText> corpus;
    private static TopicWeakLabels weakLabels;

    @BeforeAll
    static void load() {
        corpus = FortuneTopics.load();
        weakLabels = TopicWeakLabels.fortuneTopics();
    }

    @Test
    void everyClassHasOverAHundredTexts() {
        Map<Integer, Long> sizes = corpus.stream().collect(Collectors.groupingBy(TopicText::label, Collectors.counting()));
        assertThat(sizes).hasSize(FortuneTopics.CLASSES);
        assertThat(sizes.values()).allSatisfy(size -> assertThat(size).isGreaterThan(100));
        assertThat(corpus).allSatisfy(t -> {
            assertThat(t.text()).isNotBlank().hasSizeLessThanOrEqualTo(FortuneTopics.MAX_LENGTH).doesNotContain("\b");
            assertThat(t.id()).startsWith(FortuneTopics.CLASS_NAMES.get(t.label()) + "/");
        });
        assertThat(corpus.stream().map(TopicText::id).distinct().count()).isEqualTo(corpus.size());
        System.out.println("class sizes: " + sizes);
    }

    @Test
    void backspacesEraseTheUnderlining() {
        assertThat(FortuneTopics.withoutOverstriking("please ____\b\b\b\byell, _\bn_\bo_\bw")).isEqualTo("please yell, now");
        assertThat(corpus).filteredOn(t -> t.id().equals("computers/869")).singleElement()
                .satisfies(t -> assertThat(t.text()).contains("please yell into keyboard"));
    }

    @Test
    void missingFolderOrFileNamesThePackage(@TempDir Path empty) throws Exception {
        assertThatThrownBy(() -> FortuneTopics.load(empty.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apt-get install fortunes");
        Files.writeString(empty.resolve("computers"), "a\n%\nb\n");
        assertThatThrownBy(() -> FortuneTopics.load(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("politics")
                .hasMessageContaining("apt-get install fortunes");
    }

    @Test
    void everyFunctionVotesOnlyItsClassOrAbstains() {
        for (int f = 0; f < weakLabels.count(); f++) {
            int own = weakLabels.functions().get(f).label();
            int index = f;
            assertThat(corpus).allSatisfy(t -> assertThat(weakLabels.votes(t.text())[index]).isIn(own, Example.ABSTAIN));
        }
        Map<Integer, Long> perClass = weakLabels.functions().stream()
                .collect(Collectors.groupingBy(TopicLabelingFunction::label, Collectors.counting()));
        assertThat(perClass).hasSize(FortuneTopics.CLASSES);
        assertThat(perClass.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
    }

    @Test
    void matchingIsWholeWordAndCaseInsensitive() {
        TopicLabelingFunction lf = TopicLabelingFunction.words("t", 2, "atoms?");
        assertThat(lf.apply("ATOMS everywhere")).isEqualTo(2);
        assertThat(lf.apply("an atom.")).isEqualTo(2);
        assertThat(lf.apply("atomic")).isEqualTo(Example.ABSTAIN);
        assertThat(lf.apply("anatomy")).isEqualTo(Example.ABSTAIN);
    }

    @Test
    void majorityBreaksTiesTowardsTheLowestClass() {
        assertThat(weakLabels.majority(new int[] {-1, -1, -1})).isEqualTo(Example.NO_LABEL);
        assertThat(weakLabels.majority(new int[] {5, -1, 3})).isEqualTo(3);
        assertThat(weakLabels.majority(new int[] {5, 5, 3, 1})).isEqualTo(5);
        assertThat(weakLabels.majority(new int[] {4, 2, 4, 2})).isEqualTo(2);
    }

    @Test
    void majorityVoteCoversAndBeatsChance() {
        List<WeakLabels.Quality> table = weakLabels.quality(corpus);
        assertThat(table).hasSize(weakLabels.count() + 1);
        for (WeakLabels.Quality q : table) {
            System.out.printf(Locale.ROOT, "%-22s coverage %.3f accuracy %.3f%n", q.name(), q.coverage(), q.accuracy());
        }
        WeakLabels.Quality majority = table.get(table.size() - 1);
        assertThat(majority.name()).isEqualTo("majority vote");
        // measured on the Debian 2022 fortunes: coverage 0.518, accuracy 0.861
        assertThat(majority.coverage()).isBetween(0.45, 0.60);
        assertThat(majority.accuracy()).isGreaterThan(0.80);
        // every function beats always guessing its class (the class's share of the corpus)
        Map<Integer, Long> sizes = counts(corpus);
        for (int f = 0; f < weakLabels.count(); f++) {
            double prior = (double) sizes.get(weakLabels.functions().get(f).label()) / corpus.size();
            assertThat(table.get(f).coverage()).as(table.get(f).name()).isGreaterThan(0.005);
            assertThat(table.get(f).accuracy()).as(table.get(f).name()).isGreaterThan(prior);
        }
    }

    @Test
    void splitIsDisjointStratifiedAndDeterministic() {
        TopicDataset a = new TopicDataset(corpus, weakLabels, TopicDataset.SPLIT_SEED);
        TopicDataset b = new TopicDataset(corpus, weakLabels, TopicDataset.SPLIT_SEED);
        assertThat(ids(b.trainTexts())).isEqualTo(ids(a.trainTexts()));
        assertThat(ids(b.trustedTexts())).isEqualTo(ids(a.trustedTexts()));
        assertThat(ids(b.testTexts())).isEqualTo(ids(a.testTexts()));

        Set<String> all = new HashSet<>(ids(a.trainTexts()));
        all.addAll(ids(a.trustedTexts()));
        all.addAll(ids(a.testTexts()));
        assertThat(all).hasSize(corpus.size());
        assertThat(a.trainTexts().size() + a.trustedTexts().size() + a.testTexts().size()).isEqualTo(corpus.size());

        Map<Integer, Long> classSizes = counts(corpus);
        Map<Integer, Long> trusted = counts(a.trustedTexts());
        Map<Integer, Long> test = counts(a.testTexts());
        for (int c = 0; c < FortuneTopics.CLASSES; c++) {
            long size = classSizes.get(c);
            assertThat(trusted.get(c)).isEqualTo(Math.max(TopicDataset.MIN_TRUSTED_PER_CLASS, Math.round(size * 0.02)));
            assertThat(test.get(c)).isEqualTo(Math.round(size * TopicDataset.TEST_SHARE));
        }
        assertThat(a.trustedTexts().size()).isGreaterThanOrEqualTo((int) Math.round(corpus.size() * 0.02));
        // shuffled after the per-class draw: the training stream does not start with one class only
        assertThat(counts(a.trainTexts().subList(0, 100))).hasSizeGreaterThan(3);

        TopicDataset other = new TopicDataset(corpus, weakLabels, TopicDataset.SPLIT_SEED + 1);
        assertThat(ids(other.testTexts())).isNotEqualTo(ids(a.testTexts()));
    }

    @Test
    void weakSupervisionTrainsOnTheMajorityVoteAndTrustedCarriesVotes() {
        TopicDataset split = TopicDataset.load();
        ReplayDataset data = split.build(new LabelNoise.WeakSupervision(), 1);
        Map<String, TopicText> byId = corpus.stream().collect(Collectors.toMap(TopicText::id, Function.identity()));

        assertThat(data.classes()).isEqualTo(6);
        assertThat(data.taskSettings()).containsEntry("model", "mlp").containsEntry("input.dimension", "1024")
                .containsEntry("mlp.hidden", "128").containsEntry("labeling-functions", Integer.toString(weakLabels.count()));
        long covered = split.trainTexts().stream().filter(t -> weakLabels.majority(weakLabels.votes(t.text())) != -1).count();
        assertThat(data.train()).hasSize((int) covered);
        assertThat(data.train()).allSatisfy(e -> {
            TopicText text = byId.get(e.id());
            assertThat(e.votes()).isEqualTo(weakLabels.votes(text.text()));
            assertThat(e.label()).isEqualTo(weakLabels.majority(e.votes())).isNotEqualTo(Example.NO_LABEL);
            assertThat(data.trueLabel(e.id())).isEqualTo(text.label());
            assertThat(e.features()).hasSize(1024);
        });
        assertThat(data.trusted()).hasSize(split.trustedTexts().size()).allSatisfy(e -> {
            assertThat(e.votes()).hasSize(weakLabels.count()).isEqualTo(weakLabels.votes(byId.get(e.id()).text()));
            assertThat(e.label()).isEqualTo(byId.get(e.id()).label());
        });
        assertThat(data.test()).hasSize(split.testTexts().size()).allSatisfy(e -> {
            assertThat(e.votes()).isEmpty();
            assertThat(e.label()).isEqualTo(byId.get(e.id()).label());
        });
        System.out.printf(Locale.ROOT, "weak labels: %d of %d training texts covered, noise rate %.3f%n",
                data.train().size(), split.trainTexts().size(), data.noiseRate());
    }

    @Test
    void syntheticNoiseFlipsTrueLabelsOfEveryTrainingText() {
        TopicDataset split = TopicDataset.load();
        ReplayDataset data = split.build(new LabelNoise.Symmetric(0.3), 7);
        assertThat(data.train()).hasSize(split.trainTexts().size()).allSatisfy(e -> {
            assertThat(e.votes()).isEmpty();
            assertThat(e.label()).isBetween(0, 5);
        });
        assertThat(data.noiseRate()).isBetween(0.25, 0.35);
        assertThat(data.taskSettings()).doesNotContainKey("labeling-functions");
        assertThat(data.trusted()).allSatisfy(e -> assertThat(e.votes()).isEmpty());
        assertThat(split.build(new LabelNoise.Symmetric(0.3), 7).train()).isEqualTo(data.train());
        assertThatThrownBy(() -> split.build(new LabelNoise.ClassDependent(new double[] {0.4, 0.1}), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> ids(List<TopicText> texts) {
        return texts.stream().map(TopicText::id).toList();
    }

    private static Map<Integer, Long> counts(List<TopicText> texts) {
        return texts.stream().collect(Collectors.groupingBy(TopicText::label, Collectors.counting()));
    }
}
