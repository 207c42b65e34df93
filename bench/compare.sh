#!/usr/bin/env bash
# Whole-process comparison in one run: Vigil against the reference EVTX tools on the same file.
#
#   bench/compare.sh [SOURCE.evtx] [SIZE_GB]
#
# Builds Vigil (Release), makes a SIZE_GB file (default 0.0625 = 64 MiB) by repeating SOURCE's chunks
# (default ../shared/evtx/evtx-crate/security.evtx), then times each tool RUNS times (default 3) and prints the
# median wall time, records/s, MiB/s and peak RSS. Needs evtxexport (libevtx-utils) and evtx_dump.py (python3-evtx);
# a missing tool is reported and left out. Nothing is written to the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_evtx=${1:-$root/../shared/evtx/evtx-crate/security.evtx}
size_gb=${2:-0.0625}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish "$root/src/Vigil.Cli" -c Release -o "$work/vigil" >/dev/null
vigil="$work/vigil/vigil"
python3 "$root/bench/make-big-evtx.py" "$source_evtx" "$work/big.evtx" "$size_gb" >/dev/null
bytes=$(stat -c %s "$work/big.evtx")
records=$("$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress 2>/dev/null | wc -l)
echo "input: $(basename "$source_evtx") repeated to $((bytes / 1048576)) MiB, $records records; $(nproc) cores; median of $runs runs"
printf '%-40s %10s %12s %9s %12s\n' tool "median s" "records/s" "MiB/s" "peak RSS MiB"

measure() {
  local name=$1; shift
  if ! command -v "$1" >/dev/null 2>&1; then
    printf '%-40s %s\n' "$name" "(not installed)"
    return
  fi
  local times=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || { printf '%-40s failed: %s\n' "$name" "$(tail -1 "$work/err")"; return; }
    read -r t m <"$work/time"
    times+=("$t"); rss+=("$m")
  done
  local median_t median_m
  median_t=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  median_m=$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  awk -v n="$name" -v t="$median_t" -v r="$records" -v b="$bytes" -v m="$median_m" \
    'BEGIN { printf "%-40s %10.2f %12.0f %9.1f %12.1f\n", n, t, r / t, b / 1048576 / t, m / 1024 }'
}

measure "vigil export jsonl (raw fields), 1 thread" "$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress --threads 1
measure "vigil export jsonl (raw fields), all cores" "$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress
measure "vigil export jsonl (all fields), all cores" "$vigil" export "$work/big.evtx" --no-raw --no-progress
measure "vigil hunt (seed detection), 1 thread" "$vigil" hunt "$work/big.evtx" -f csv --no-progress --threads 1
measure "vigil hunt (seed detection), all cores" "$vigil" hunt "$work/big.evtx" -f csv --no-progress
measure "evtxexport (libevtx-utils)" evtxexport "$work/big.evtx"
measure "evtx_dump.py (python3-evtx)" evtx_dump.py "$work/big.evtx"
