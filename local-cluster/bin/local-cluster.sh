#!/usr/bin/env bash
# A real Kafka broker and a real Flink 2.2 session cluster (one JobManager, N TaskManagers) on this
# machine, as separate processes started from Maven-resolved jars and bound to 127.0.0.1 only.
# Every process it starts is recorded by PID under the cluster directory; stop kills only those.
#
#   local-cluster.sh build                       resolve the classpaths (once, or after a version change)
#   local-cluster.sh start [--taskmanagers N]    Kafka + JobManager + N TaskManagers (default 2)
#   local-cluster.sh submit [--from-savepoint PATH] JOB_JAR [ARGS...]
#                                                flink run -d through Flink's own client
#   local-cluster.sh stop-job-with-savepoint     stop the running job with a savepoint; prints its path
#   local-cluster.sh cancel-jobs                 cancel every running job
#   local-cluster.sh start-kafka | stop-kafka
#   local-cluster.sh start-taskmanager           one more TaskManager
#   local-cluster.sh kill-taskmanager ID         SIGKILL TaskManager ID (as a crash would)
#   local-cluster.sh status | stop
#
# Environment: WINNOW_CLUSTER_DIR (default target/local-cluster), KAFKA_PORT (19092),
# KAFKA_CONTROLLER_PORT (19093), FLINK_REST_PORT (18081), FLINK_RPC_PORT (16123),
# TASK_SLOTS (2), TM_PROCESS_MEMORY (2g).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${WINNOW_CLUSTER_DIR:-$root/target/local-cluster}"
kafka_port="${KAFKA_PORT:-19092}"
controller_port="${KAFKA_CONTROLLER_PORT:-19093}"
rest_port="${FLINK_REST_PORT:-18081}"
rpc_port="${FLINK_RPC_PORT:-16123}"
slots="${TASK_SLOTS:-2}"
tm_memory="${TM_PROCESS_MEMORY:-2g}"
flink_cp_file="$root/local-cluster/flink/target/classpath.txt"
kafka_cp_file="$root/local-cluster/kafka/target/classpath.txt"
java_opts_common="-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.winnow.schemas"
# What Flink's own scripts pass on Java 17 (env.java.default-opts.all of flink-dist's config.yaml).
java_opts_common+=" --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"
java_opts_common+=" --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
for package in java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time java.util \
  java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  java_opts_common+=" --add-opens=java.base/$package=ALL-UNNAMED"
done

log() { echo "local-cluster: $*" >&2; }
die() { log "$*"; exit 1; }

build() {
  (cd "$root" && mvn -q -B -Dstyle.color=never -pl local-cluster/flink,local-cluster/kafka generate-resources) \
    || die "could not resolve the cluster classpaths"
}

require_classpaths() {
  [[ -f "$flink_cp_file" && -f "$kafka_cp_file" ]] || build
}

listening() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port that answers before our process starts belongs to someone else: another cluster on this
# machine would otherwise be taken for ours.
require_free_port() { # port what variable
  if listening "$1"; then
    die "$2: 127.0.0.1:$1 is already in use by a process this script did not start (set $3 to a free port)"
  fi
}

wait_for_port() { # port seconds what pidfile
  local port=$1 seconds=$2 what=$3 pidfile=$4
  for ((i = 0; i < seconds * 5; i++)); do
    if ! is_running "$pidfile"; then
      die "$what exited before it opened 127.0.0.1:$port (logs in $dir/log)"
    fi
    if listening "$port"; then
      return 0
    fi
    sleep 0.2
  done
  die "$what did not open 127.0.0.1:$port within ${seconds}s (logs in $dir/log)"
}

is_running() { # pidfile
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_kafka() {
  require_classpaths
  mkdir -p "$dir/kafka" "$dir/log"
  if is_running "$dir/kafka.pid"; then
    log "Kafka already running (pid $(cat "$dir/kafka.pid"))"
    return
  fi
  require_free_port "$kafka_port" "Kafka" KAFKA_PORT
  require_free_port "$controller_port" "Kafka's controller" KAFKA_CONTROLLER_PORT
  local props="$dir/kafka/server.properties"
  cat >"$props" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/kafka/data
num.partitions=2
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
  local cp
  cp="$(cat "$kafka_cp_file")"
  if [[ ! -f "$dir/kafka/data/meta.properties" ]]; then
    java -cp "$cp" kafka.tools.StorageTool format --config "$props" \
      --cluster-id "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
      >"$dir/log/kafka-format.log" 2>&1 || die "formatting Kafka storage failed (see $dir/log/kafka-format.log)"
  fi
  nohup java -Xmx512m -cp "$cp" kafka.Kafka "$props" >"$dir/log/kafka.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
  wait_for_port "$kafka_port" 60 "Kafka" "$dir/kafka.pid"
  log "Kafka on 127.0.0.1:$kafka_port (pid $(cat "$dir/kafka.pid"))"
}

write_flink_config() {
  mkdir -p "$dir/conf" "$dir/log" "$dir/checkpoints" "$dir/savepoints"
  cat >"$dir/conf/config.yaml" <<EOF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $tm_memory
jobmanager.memory.process.size: 1024m
parallelism.default: 1
classloader.parent-first-patterns.additional: "ai.djl."
execution.checkpointing.dir: file://$dir/checkpoints
execution.checkpointing.savepoint-dir: file://$dir/savepoints
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 20
restart-strategy.fixed-delay.delay: 2 s
EOF
  cp "$here/log4j2-cluster.properties" "$dir/conf/log4j.properties"
}

resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS; prints "jvm args|dynamic args"
  local out
  out="$(java -cp "$(cat "$flink_cp_file")" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$dir/conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  [[ -n "$out" ]] || die "Flink could not compute memory settings from $dir/conf/config.yaml"
  echo "$out"
}

start_jobmanager() {
  require_classpaths
  write_flink_config
  if is_running "$dir/jobmanager.pid"; then
    log "JobManager already running (pid $(cat "$dir/jobmanager.pid"))"
    return
  fi
  require_free_port "$rest_port" "the JobManager's REST endpoint" FLINK_REST_PORT
  require_free_port "$rpc_port" "the JobManager's RPC endpoint" FLINK_RPC_PORT
  local params jvm dynamic
  params="$(resource_params GET_JM_RESOURCE_PARAMS)"
  jvm="$(sed -n 1p <<<"$params")"
  dynamic="$(sed -n 2p <<<"$params")"
  # shellcheck disable=SC2086 # the JVM and dynamic arguments are word lists
  nohup java $jvm $java_opts_common -Dlog.file="$dir/log/jobmanager.log" \
    -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" -cp "$(cat "$flink_cp_file")" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$dir/conf" $dynamic \
    >"$dir/log/jobmanager.out" 2>&1 &
  echo $! >"$dir/jobmanager.pid"
  wait_for_port "$rest_port" 90 "the JobManager's REST endpoint" "$dir/jobmanager.pid"
  log "JobManager on 127.0.0.1:$rest_port (pid $(cat "$dir/jobmanager.pid"))"
}

start_taskmanager() {
  require_classpaths
  [[ -f "$dir/conf/config.yaml" ]] || write_flink_config
  local id=1
  while [[ -f "$dir/taskmanager-$id.pid" ]]; do id=$((id + 1)); done
  local params jvm dynamic
  params="$(resource_params GET_TM_RESOURCE_PARAMS)"
  jvm="$(sed -n 1p <<<"$params")"
  dynamic="$(sed -n 2p <<<"$params")"
  # shellcheck disable=SC2086
  DJL_OFFLINE=true OPT_OUT_TRACKING=true nohup java $jvm $java_opts_common \
    -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -Dlog.file="$dir/log/taskmanager-$id.log" -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" \
    -cp "$(cat "$flink_cp_file")" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$dir/conf" $dynamic >"$dir/log/taskmanager-$id.out" 2>&1 &
  echo $! >"$dir/taskmanager-$id.pid"
  log "TaskManager $id started (pid $(cat "$dir/taskmanager-$id.pid"))"
}

stop_pidfile() { # pidfile signal
  local file=$1 signal=${2:-TERM}
  if [[ -f "$file" ]]; then
    local pid
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "-$signal" "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
  fi
}

flink_cli() { # CliFrontend with this cluster's configuration
  # shellcheck disable=SC2086
  FLINK_CONF_DIR="$dir/conf" java $java_opts_common -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" \
    -Dlog.file="$dir/log/client.log" -cp "$(cat "$flink_cp_file")" org.apache.flink.client.cli.CliFrontend "$@"
}

running_jobs() {
  flink_cli list -r -m "127.0.0.1:$rest_port" 2>/dev/null | grep -o '[0-9a-f]\{32\}' || true
}

cancel_jobs() {
  for job in $(running_jobs); do
    flink_cli cancel -m "127.0.0.1:$rest_port" "$job" >/dev/null 2>&1 || die "cancelling $job failed"
  done
}

stop_job_with_savepoint() {
  local jobs
  jobs="$(running_jobs)"
  [[ -n "$jobs" ]] || die "no running job"
  for job in $jobs; do
    flink_cli stop -m "127.0.0.1:$rest_port" --savepointPath "file://$dir/savepoints" "$job" 2>&1 \
      | sed -n 's/^Savepoint completed\. Path: //p' || die "stop with savepoint failed (see $dir/log/client.log)"
  done
}

submit() {
  local savepoint=()
  if [[ "${1:-}" == "--from-savepoint" ]]; then
    savepoint=(-s "$2")
    shift 2
  fi
  [[ $# -ge 1 ]] || die "usage: submit [--from-savepoint PATH] JOB_JAR [ARGS...]"
  local jar=$1
  shift
  [[ -f "$jar" ]] || die "no job jar at $jar (mvn -B -DskipTests package builds it)"
  flink_cli run -m "127.0.0.1:$rest_port" -d "${savepoint[@]}" -c io.winnow.jobs.CurationJobMain "$jar" "$@" \
    || die "submission failed (see $dir/log/client.log)"
}

status() {
  for file in "$dir"/*.pid; do
    [[ -f "$file" ]] || continue
    local name pid
    name="$(basename "$file" .pid)"
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then echo "$name running (pid $pid)"; else echo "$name not running (pid $pid)"; fi
  done
}

command="${1:-}"
shift || true
case "$command" in
  build) build ;;
  start)
    taskmanagers=2
    if [[ "${1:-}" == "--taskmanagers" ]]; then taskmanagers=$2; fi
    start_kafka
    start_jobmanager
    for ((t = 0; t < taskmanagers; t++)); do start_taskmanager; done
    ;;
  start-kafka) start_kafka ;;
  stop-kafka) stop_pidfile "$dir/kafka.pid" TERM ;;
  start-jobmanager) start_jobmanager ;;
  start-taskmanager) start_taskmanager ;;
  kill-taskmanager) stop_pidfile "$dir/taskmanager-${1:?taskmanager id}.pid" KILL ;;
  submit) submit "$@" ;;
  stop-job-with-savepoint) stop_job_with_savepoint ;;
  cancel-jobs) cancel_jobs ;;
  status) status ;;
  stop)
    for file in "$dir"/taskmanager-*.pid; do [[ -f "$file" ]] && stop_pidfile "$file" TERM; done
    stop_pidfile "$dir/jobmanager.pid" TERM
    stop_pidfile "$dir/kafka.pid" TERM
    ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
