package io.winnow.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** The demo's own options (picocli); everything else on its command line is a job setting. */
@Command(name = "demo.sh", sortOptions = false, usageHelpWidth = 100,
        description = "Runs Winnow's curation job end to end on embedded parts: an in-process Kafka broker (loopback"
                + " only), a Flink MiniCluster and a stream of SpamAssassin e-mails with noisy or weak labels, and"
                + " prints progress and a summary.%n",
        footer = {"%nAny job setting passes through as --key value or --key=value (every key, with its default:"
                + " flink-jobs/conf/curation.example.properties), e.g. --batch.size 64 or --task.demo.correct false;"
                + " --config FILE reads a properties file; --bootstrap-servers HOST:PORT uses an existing Kafka."})
final class WinnowDemoOptions {

    @Option(names = "--data", defaultValue = "spamassassin",
            description = "spamassassin (the e-mails, default) or generated (Gaussian clusters)")
    String data;

    @Option(names = "--corpus", paramLabel = "DIR",
            description = "the SpamAssassin corpus (default: where benchmarks/fetch-spamassassin.sh puts it)")
    Path corpus;

    @Option(names = "--labels", defaultValue = "sym:0.3",
            description = "the e-mails' labels: sym:RATE (flipped at random), class:R0/R1 (per class) or weak"
                    + " (the ten labeling functions' majority) (default: ${DEFAULT-VALUE})")
    String labels;

    @Option(names = "--passes", defaultValue = "3", description = "passes over the e-mails (default: ${DEFAULT-VALUE})")
    int passes;

    @Option(names = "--samples", defaultValue = "8000", description = "generated samples (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--noise", defaultValue = "0.4", description = "share of flipped generated labels (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the label noise and the generator (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** Job settings, in order, for the job's own command line. */
    @Unmatched
    List<String> jobArgs = new ArrayList<>();
}
