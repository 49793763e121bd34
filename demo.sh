#!/usr/bin/env bash
# Runs Winnow on embedded defaults: builds what it needs, then curates a generated noisy stream
# with the SAMA engine on the CPU and prints a summary. Options: ./demo.sh --help
set -euo pipefail
cd "$(dirname "$0")"
# DJL must never reach the network: natives come from the Maven jar.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
build_log=target/demo-build.log
mkdir -p target
if ! { mvn -B -Dstyle.color=never -DskipTests install \
      && mvn -B -Dstyle.color=never -pl gpu-operator dependency:build-classpath \
           -Dmdep.outputFile=target/demo.classpath -Dmdep.includeScope=test; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "demo.sh: build failed (log above, also in $build_log)" >&2
  exit 1
fi
exec java -Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error \
  -cp "gpu-operator/target/classes:$(cat gpu-operator/target/demo.classpath)" \
  io.winnow.sama.demo.EngineDemo "$@"
