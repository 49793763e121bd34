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
# Options: --seeds --epochs --model mlp|text --limit N --batch --methods --noise weak,sym:0.2,class:0.1/0.4
#          --experiments table,pruning,pretraining,appendix-e --prune-fractions --pruning-epochs --pruning-score-epochs
#          --fortunes DIR --pretrain-labeled 200 --pretrain-pool 2000 --pretrain-ood-share 0.5 --pretrain-epochs 2
#          --evaluate test|dev --data DIR --out DIR
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(benchmarks/fetch-spamassassin.sh)"
# The fortune topics and the pretraining experiment's out-of-domain text; the others run without it.
benchmarks/fetch-fortunes.sh >/dev/null || echo "spamassassin.sh: no fortunes (topics and pretraining need them)" >&2
exec local-cluster/bin/winnow-java.sh benchmarks spamassassin 6g io.winnow.benchmarks.SpamBenchmark --data "$data" "$@"
