#!/usr/bin/env bash
# Prints a folder holding the fortune cookie collection (Debian packages fortunes and fortunes-min),
# which the fortune-topics dataset and the continued-pretraining benchmark read: the installed one
# (/usr/share/games/fortunes), or else a copy fetched once with `apt-get download` (no root needed)
# and unpacked with dpkg-deb into the cache. Nothing is committed to the repository.
#   WINNOW_DATA_CACHE (default ~/.cache/winnow)
set -euo pipefail
installed=/usr/share/games/fortunes
# Only the full package has "computers" (fortunes-min installs the same folder without it);
# DataCache.fortunes() on the Java side checks the same file.
if [[ -f "$installed/computers" ]]; then
  echo "$installed"
  exit 0
fi
cache="${WINNOW_DATA_CACHE:-$HOME/.cache/winnow}/fortunes-debian"
data="$cache/usr/share/games/fortunes"
if [[ ! -f "$data/computers" ]]; then
  for tool in apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "fetch-fortunes: $tool is needed, or install the fortunes package" >&2; exit 1; }
  done
  download="$(mktemp -d)"
  trap 'rm -rf "$download"' EXIT
  (cd "$download" && apt-get download -q fortunes fortunes-min >/dev/null) \
    || { echo "fetch-fortunes: apt-get download fortunes fortunes-min failed" >&2; exit 1; }
  mkdir -p "$cache"
  for deb in "$download"/*.deb; do
    dpkg-deb -x "$deb" "$cache"
  done
fi
echo "$data"
