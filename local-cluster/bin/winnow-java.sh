#!/usr/bin/env bash
# Builds Winnow (output in target/<name>-build.log, shown only when the build fails) and runs a main
# class of one module (demo, benchmarks) with the settings every local run needs: DJL offline and
# without telemetry, one PyTorch inter-op thread, Avro's trusted packages, headless plots, quiet
# logging. Writes MODULE/target/run.classpath, which other local tools (README) reuse.
#   local-cluster/bin/winnow-java.sh MODULE NAME HEAP MAIN_CLASS [ARGS...]
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/../.."
root=$PWD
module=$1 name=$2 heap=$3 main=$4
shift 4
# DJL must never reach the network: natives come from the Maven jar.
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
# The fetch scripts and the Java side find the corpora in the same folder, even where $HOME and the
# JVM's user.home differ.
export WINNOW_DATA_CACHE="${WINNOW_DATA_CACHE:-$HOME/.cache/winnow}"
build_log=target/$name-build.log
mkdir -p target
# -Dquarkus.build.skip: the demo and the benchmarks need no schema registry server (local-cluster/registry
# builds one for the tests; that takes a minute).
if ! { mvn -B -Dstyle.color=never -DskipTests -Dquarkus.build.skip=true install \
      && mvn -B -Dstyle.color=never -pl "$module" dependency:build-classpath \
           -Dmdep.outputFile=target/run.classpath -Dmdep.includeScope=runtime; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  echo "$name: build failed (log above, also in $build_log)" >&2
  exit 1
fi
# The program runs where it was called from, so relative paths in its arguments mean what the caller
# meant (demo.sh and the benchmark scripts call it from the repository root).
cd "$caller"
exec java "-Xmx$heap" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas -Djava.awt.headless=true \
  -Dlog4j.configurationFile=winnow-demo-log4j2.properties \
  -cp "$root/$module/target/classes:$(cat "$root/$module/target/run.classpath")" \
  "$main" "$@"
