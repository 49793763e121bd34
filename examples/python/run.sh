#!/usr/bin/env bash
# Runs winnow_curated.py with Debian's python3-confluent-kafka and python3-avro: the installed ones
# when Debian's python3 can import them, or else copies fetched once with `apt-get download` (no
# root needed) and unpacked with dpkg-deb into the cache, put on PYTHONPATH and LD_LIBRARY_PATH
# (librdkafka comes with them). Arguments go to winnow_curated.py.
#   WINNOW_DATA_CACHE (default ~/.cache/winnow)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3  # Debian's: the packages are built for it
[[ -x "$python" ]] || python="$(command -v python3)"
if ! "$python" -c 'import confluent_kafka, avro.io' 2>/dev/null; then
  cache="${WINNOW_DATA_CACHE:-$HOME/.cache/winnow}/python-kafka-debian"
  if [[ ! -d "$cache/usr/lib/python3/dist-packages/confluent_kafka" || ! -d "$cache/usr/lib/python3/dist-packages/avro" ]]; then
    for tool in apt-get dpkg-deb; do
      command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed, or install python3-confluent-kafka python3-avro" >&2; exit 1; }
    done
    download="$(mktemp -d)"
    trap 'rm -rf "$download"' EXIT
    (cd "$download" && apt-get download -q python3-confluent-kafka librdkafka1 python3-avro python3-typing-extensions >/dev/null 2>&1) \
      || { echo "run.sh: apt-get download python3-confluent-kafka librdkafka1 python3-avro failed" >&2; exit 1; }
    mkdir -p "$cache"
    for deb in "$download"/*.deb; do
      dpkg-deb -x "$deb" "$cache"
    done
  fi
  library="$(dirname "$(find "$cache/usr/lib" -name 'librdkafka.so.1' | head -n 1)")"
  export PYTHONPATH="$cache/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"
  export LD_LIBRARY_PATH="$library${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
exec "$python" "$here/winnow_curated.py" "$@"
