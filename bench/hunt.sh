#!/usr/bin/env bash
# Whole-process hunt timings in one run, for this checkout and (optionally) an earlier commit on the same files.
#
#   bench/hunt.sh                         # this checkout only
#   BASELINE=<git ref> bench/hunt.sh      # also the ref, built from a temporary worktree, for before/after figures
#
# Three workloads, each timed RUNS times (default 3), median wall time and peak RSS printed:
#   1. every ESCU detection (--content ../shared/escu) over every EVTX file in ../shared/evtx (events/s);
#   2. the seed detection alone over SIZE_MB (default 1024) of XmlWinEventLog made by repeating the bundled sample;
#   3. the seed detection alone over SIZE_MB of EVTX made by repeating ../shared's security.evtx chunks.
# Needs ../shared beside the checkout. Nothing is written to the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$root/../shared" && pwd)
runs=${RUNS:-3}
size_mb=${SIZE_MB:-1024}
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/baseline-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Hunts record themselves in the store: a throwaway one, so benchmarking never touches the user's. The same for the
# content cache, which the first timed run of each build fills (builds before the cache ignore it); medians are then
# runs that read ESCU from it.
export VIGIL_STORE=$work/bench-store.db
export VIGIL_CACHE_DIR=$work/content-cache

build() { # $1 = source dir, $2 = output dir
  dotnet publish "$1/src/Vigil.Cli" -c Release -o "$2" >/dev/null
}

build "$root" "$work/current"
builds=(current)
if [[ -n "${BASELINE:-}" ]]; then
  git -C "$root" worktree add --detach "$work/baseline-src" "$BASELINE" >/dev/null 2>&1
  build "$work/baseline-src" "$work/baseline"
  builds+=(baseline)
fi

# The XmlWinEventLog file: the bundled sample repeated; the EVTX file: security.evtx's chunks repeated.
sample="$root/samples/Application.xmlwineventlog.log"
python3 - "$sample" "$work/big.log" "$size_mb" <<'PY'
import sys
src, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = open(src, 'rb').read()
target = int(mb * 1048576)
with open(out, 'wb') as f:
    written = 0
    while written + len(data) <= target or written == 0:
        f.write(data); written += len(data)
PY
python3 "$root/bench/make-big-evtx.py" "$shared/evtx/evtx-crate/security.evtx" "$work/big.evtx" "$(awk -v m="$size_mb" 'BEGIN { print m / 1024 }')" >/dev/null

events_shared=$("$work/current/vigil" export "$shared/evtx" --fields raw --no-raw --no-progress 2>/dev/null | wc -l)
events_log=$(grep -c '<Event' "$work/big.log")
events_evtx=$("$work/current/vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress 2>/dev/null | wc -l)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); median of $runs runs"
echo "inputs: ../shared/evtx ($events_shared events, $(du -sm "$shared/evtx" | cut -f1) MiB); big.log ($events_log events, $(($(stat -c %s "$work/big.log") / 1048576)) MiB); big.evtx ($events_evtx events, $(($(stat -c %s "$work/big.evtx") / 1048576)) MiB)"
printf '%-10s %-44s %9s %12s %12s\n' build workload "median s" "events/s" "peak RSS MiB"

# Builds alternate run by run (current, baseline, current, ...), so page cache and machine noise fall on both alike.
measure() { # $1 label, $2 events, rest: vigil arguments
  local label=$1 events=$2; shift 2
  local build
  for build in "${builds[@]}"; do : >"$work/$build.times"; done
  for _ in $(seq "$runs"); do
    for build in "${builds[@]}"; do
      /usr/bin/time -f '%e %M' -o "$work/time" "$work/$build/vigil" "$@" >/dev/null 2>"$work/$build.err" || true
      cat "$work/time" >>"$work/$build.times"
    done
  done
  for build in "${builds[@]}"; do
    local median_t median_m
    median_t=$(cut -d' ' -f1 "$work/$build.times" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
    median_m=$(cut -d' ' -f2 "$work/$build.times" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
    awk -v b="$build" -v n="$label" -v t="$median_t" -v e="$events" -v m="$median_m" \
      'BEGIN { printf "%-10s %-44s %9.2f %12.0f %12.1f\n", b, n, t, e / t, m / 1024 }'
    grep -m1 '^summary' "$work/$build.err" | sed 's/^/           /' || true
  done
}

measure "all ESCU detections, shared EVTX" "$events_shared" hunt "$shared/evtx" --content "$shared/escu" -f jsonl --no-progress
measure "seed detection, ${size_mb} MiB XmlWinEventLog" "$events_log" hunt "$work/big.log" -d 40c2ba5b-dd6a-496b-9e6e-c9524d0be167 -f csv --no-progress
measure "seed detection, ${size_mb} MiB EVTX" "$events_evtx" hunt "$work/big.evtx" -d 40c2ba5b-dd6a-496b-9e6e-c9524d0be167 -f csv --no-progress
