#!/usr/bin/env bash
# Replays your own JSON-lines or Avro files of Sample records through the curation job with nothing
# else running: an in-process Kafka broker (127.0.0.1 only) and a local Flink MiniCluster. Prints a
# summary per task and writes curated.jsonl, predictions.jsonl, dead-letters.jsonl and summary.txt.
# Relative paths (the arguments and files.* in the properties file) are relative to where you run it.
#   ./replay.sh --config my.properties                          files.samples, files.trusted, tasks: README.md
#   ./replay.sh --config my.properties --out results --true-labels clean.jsonl
#   ./replay.sh --config my.properties --task.mine.meta-lr 0.003 any job key as --key value
#   ./replay.sh --help
set -euo pipefail
exec "$(dirname "$0")/local-cluster/bin/winnow-java.sh" demo replay 4g io.winnow.tools.WinnowTool replay "$@"
