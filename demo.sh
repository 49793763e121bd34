#!/usr/bin/env bash
# Runs Winnow's main job on embedded defaults: builds what it needs, starts an in-process Kafka broker
# (loopback only) and a Flink MiniCluster, streams generated samples with noisy labels through the
# curation job and prints progress and a summary.
#   ./demo.sh --samples 20000 --noise 0.3          a bigger, cleaner stream
#   ./demo.sh --bootstrap-servers host:9092        an existing Kafka instead of the in-process one
#   ./demo.sh --config my.properties --batch.size 64   any job setting (see README.md)
set -euo pipefail
cd "$(dirname "$0")"
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
