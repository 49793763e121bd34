#!/usr/bin/env bash
# Reproduces the paper's experiments on the SpamAssassin corpus through Winnow's curation job:
# weak supervision (Table 1), synthetic label noise, data pruning (Section 4.3), continued pretraining
# on in-domain e-mails and out-of-domain fortunes (Section 4.2; fetched by benchmarks/fetch-fortunes.sh) and the
# Appendix E curves. Every training run is a bounded replay on a local Flink MiniCluster with an
# in-process Kafka broker (loopback only). Writes report.md, PNG plots and runs.csv to the output folder.
#   benchmarks/spamassassin.sh                                  everything, 3 seeds (about 25 minutes on 2 cores)
#   benchmarks/spamassassin.sh --experiments pretraining         Section 4.2 only
#   benchmarks/spamassassin.sh --experiments table --noise weak --seeds 1
#   benchmarks/spamassassin.sh --model text --out target/benchmarks/text
#   benchmarks/spamassassin.sh --task.meta-lr 0.003             any curation-task setting, for every run
#   benchmarks/spamassassin.sh --evaluate dev --task.unroll 5   score on a dev split of the training data (choose settings there)
#   benchmarks/spamassassin.sh --dataset topics --evaluate dev --dev-folds 5   five disjoint dev folds, pooled (small data)
#   benchmarks/spamassassin.sh --help                           every option, with its default
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(benchmarks/fetch-spamassassin.sh)"
# The fortune topics and the pretraining experiment's out-of-domain text; the others run without it.
benchmarks/fetch-fortunes.sh >/dev/null || echo "spamassassin.sh: no fortunes (topics and pretraining need them)" >&2
exec local-cluster/bin/winnow-java.sh benchmarks spamassassin 6g io.winnow.benchmarks.SpamBenchmark --data "$data" "$@"
