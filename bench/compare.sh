#!/usr/bin/env bash
# Whole-process comparison in one run: Vigil against the reference EVTX tools and grep on the same data.
#
#   bench/compare.sh [SOURCE.evtx] [SIZE_GB]
#
# Builds Vigil (Release), makes a SIZE_GB file (default 0.0625 = 64 MiB) by repeating SOURCE's chunks
# (default ../shared/evtx/evtx-crate/security.evtx) and the same records as Splunk XmlWinEventLog text (one event a
# line), then times each leg RUNS times (default 3) and prints the median wall time, records/s, MiB/s and peak RSS,
# and the ratios the performance goals are stated in. Legs: every ESCU detection (../shared/escu) and the seed
# detection over both files (EVTX with one search thread, with one core pinned by taskset, and with every core),
# reading alone (a search that counts every event: the floor under any hunt of the file),
# `vigil export`, start-up (every ESCU detection over the bundled 68-event sample, content cache filled), `grep -c 2282`
# (the floor for a text scan), `evtxexport -f xml` and `evtx_dump.py`. Where clang or gcc and zlib are installed (what Native
# AOT links with), the native build runs the export, start-up and all-ESCU legs too. The goal's "1 core to 2" is the
# one-core leg against every core on a 2-core machine.
# The goal ratios are then measured again in pairs: the two legs of a ratio run alternately RUNS times, and the median
# of the per-pair ratios is printed, so that the machine's drift between legs (a noisy VM) does not decide a goal.
# SKIP_SLOW=1 leaves out evtx_dump.py (minutes per run). A missing tool is reported and left out. Nothing is written
# to the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_evtx=${1:-$root/../shared/evtx/evtx-crate/security.evtx}
size_gb=${2:-0.0625}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The content cache in the throwaway folder too, filled by an untimed run of each build before its ESCU legs, so every
# timed run reads ESCU from it (with 3 runs, a filling run among them made the start-up median the slower of two).
export VIGIL_CACHE_DIR=$work/content-cache

dotnet publish "$root/src/Vigil.Cli" -c Release -o "$work/vigil" >/dev/null
vigil="$work/vigil/vigil"
native=""
if { command -v clang || command -v gcc; } >/dev/null 2>&1 && [[ -e /usr/include/zlib.h ]]; then
  dotnet publish "$root/src/Vigil.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$work/native" >/dev/null
  native="$work/native/vigil"
fi
python3 "$root/bench/make-big-evtx.py" "$source_evtx" "$work/big.evtx" "$size_gb" >/dev/null
bytes=$(stat -c %s "$work/big.evtx")
records=$("$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress 2>/dev/null | wc -l)

# The same records as Splunk's XmlWinEventLog: each rendered event on one line.
"$vigil" export "$work/big.evtx" --format xml --no-progress 2>/dev/null | python3 -c '
import sys
event = []
for line in sys.stdin:
    text = line.strip()
    if not event:
        start = min((i for i in (text.find("<Event "), text.find("<Event>")) if i >= 0), default=-1)
        if start < 0:
            continue
        text = text[start:]
    event.append(text)
    if "</Event>" in text:
        sys.stdout.write("".join(event) + "\n")
        event = []
' >"$work/big.log"
log_bytes=$(stat -c %s "$work/big.log")
shared=$(cd "$root/../shared" && pwd)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $(basename "$source_evtx") repeated to $((bytes / 1048576)) MiB EVTX and $((log_bytes / 1048576)) MiB XmlWinEventLog, $records records; median of $runs runs"
printf '%-46s %10s %12s %9s %12s\n' leg "median s" "records/s" "MiB/s" "peak RSS MiB"

declare -A median_of
measure() { # $1 leg name, $2 input bytes, rest: the command
  local name=$1 input_bytes=$2; shift 2
  if ! command -v "$1" >/dev/null 2>&1; then
    printf '%-46s %s\n' "$name" "(not installed)"
    return
  fi
  local times=() rss=() note=""
  for _ in $(seq "$runs"); do
    # A hunt exits 2 when a detection stopped at a limit: still timed, and said so after the figures.
    local status=0
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || status=$?
    if [[ ! -s $work/time ]] || ! read -r t m < <(tail -1 "$work/time") || [[ ! $t =~ ^[0-9.]+$ ]]; then
      printf '%-46s failed: %s\n' "$name" "$(tail -1 "$work/err")"
      return
    fi
    [[ $status -eq 0 ]] || note="  (exit $status: $( (grep -m1 -E '^(error|warning)' "$work/err" || true) | cut -c1-100))"
    times+=("$t"); rss+=("$m")
  done
  local median_t median_m
  median_t=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  median_m=$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  median_of[$name]=$median_t
  awk -v n="$name" -v t="$median_t" -v r="${leg_records:-$records}" -v b="$input_bytes" -v m="$median_m" \
    'BEGIN { if (t <= 0) t = 0.005; printf "%-46s %10.2f %12.0f %9.1f %12.1f\n", n, t, r / t, b / 1048576 / t, m / 1024 }'
  [[ -z $note ]] || echo "$note"
}

escu=(--content "$shared/escu" --no-store -f jsonl --no-progress)
sample="$root/samples/Application.xmlwineventlog.log"
"$vigil" hunt "$sample" "${escu[@]}" >/dev/null 2>&1 || true
# To a file: GNU grep stops at the first match when its output is /dev/null.
measure "grep -c 2282, XmlWinEventLog" "$log_bytes" bash -c "grep -c 2282 '$work/big.log' >'$work/grep.out'"
measure "vigil hunt, all ESCU, XmlWinEventLog" "$log_bytes" "$vigil" hunt "$work/big.log" "${escu[@]}"
# Reading alone: a search that takes every event and computes no field, the floor under any hunt of the file.
measure "vigil search '* | stats count', XmlWinEventLog" "$log_bytes" "$vigil" search '* | stats count' "$work/big.log"
measure "vigil search '* | stats count', EVTX" "$bytes" "$vigil" search '* | stats count' "$work/big.evtx"
measure "vigil hunt, all ESCU, EVTX, 1 thread" "$bytes" "$vigil" hunt "$work/big.evtx" "${escu[@]}" --threads 1
# One core (taskset): the goal's "from 1 core to 2". One search thread alone still decodes EVTX on a second core.
measure "vigil hunt, all ESCU, EVTX, 1 core" "$bytes" taskset -c 0 "$vigil" hunt "$work/big.evtx" "${escu[@]}" --threads 1
measure "vigil hunt, all ESCU, EVTX, all cores" "$bytes" "$vigil" hunt "$work/big.evtx" "${escu[@]}"
measure "vigil hunt, seed, XmlWinEventLog" "$log_bytes" "$vigil" hunt "$work/big.log" -d 40c2ba5b-dd6a-496b-9e6e-c9524d0be167 -f csv --no-store --no-progress
measure "vigil hunt, seed, EVTX, 1 thread" "$bytes" "$vigil" hunt "$work/big.evtx" -d 40c2ba5b-dd6a-496b-9e6e-c9524d0be167 -f csv --no-store --no-progress --threads 1
measure "vigil hunt, seed, EVTX, all cores" "$bytes" "$vigil" hunt "$work/big.evtx" -d 40c2ba5b-dd6a-496b-9e6e-c9524d0be167 -f csv --no-store --no-progress
measure "vigil export jsonl (raw fields), 1 thread" "$bytes" "$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress --threads 1
measure "vigil export jsonl (raw fields), all cores" "$bytes" "$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress
measure "vigil export jsonl (all fields), all cores" "$bytes" "$vigil" export "$work/big.evtx" --no-raw --no-progress
leg_records=68 # the sample's events
measure "start-up: vigil hunt, all ESCU, 68-event sample" "$(stat -c %s "$sample")" "$vigil" hunt "$sample" "${escu[@]}"
if [[ -n $native ]]; then
  # Its own content cache: a cache file records the build that wrote it.
  export VIGIL_CACHE_DIR=$work/content-cache-native
  "$native" hunt "$sample" "${escu[@]}" >/dev/null 2>&1 || true
  measure "native: start-up, all ESCU, 68-event sample" "$(stat -c %s "$sample")" "$native" hunt "$sample" "${escu[@]}"
  leg_records=""
  measure "native: vigil hunt, all ESCU, EVTX, 1 core" "$bytes" taskset -c 0 "$native" hunt "$work/big.evtx" "${escu[@]}" --threads 1
  measure "native: vigil hunt, all ESCU, EVTX, all cores" "$bytes" "$native" hunt "$work/big.evtx" "${escu[@]}"
  measure "native: vigil export jsonl (raw), all cores" "$bytes" "$native" export "$work/big.evtx" --fields raw --no-raw --no-progress
  export VIGIL_CACHE_DIR=$work/content-cache
else
  leg_records=""
  echo "(native legs left out: Native AOT needs clang or gcc, and zlib1g-dev)"
fi
measure "evtxexport -f xml (libevtx-utils)" "$bytes" evtxexport -f xml "$work/big.evtx"
if [[ -z "${SKIP_SLOW:-}" ]]; then
  measure "evtx_dump.py (python3-evtx)" "$bytes" evtx_dump.py "$work/big.evtx"
fi

ratio() { # $1 label, $2 slower leg, $3 faster leg
  local a=${median_of[$2]:-} b=${median_of[$3]:-}
  [[ -n $a && -n $b ]] || return 0
  awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN { if (b <= 0) b = 0.005; if (a <= 0) a = 0.005; printf "%-62s %8.1fx\n", l, a / b }'
}
echo
echo "ratios (goals in issue 11):"
ratio "all ESCU over XmlWinEventLog / grep -c 2282 (goal <= 10)" "vigil hunt, all ESCU, XmlWinEventLog" "grep -c 2282, XmlWinEventLog"
ratio "all ESCU over EVTX, 1 core / all cores (goal >= 1.7)" "vigil hunt, all ESCU, EVTX, 1 core" "vigil hunt, all ESCU, EVTX, all cores"
ratio "native, 1 core / all cores (goal >= 1.7)" "native: vigil hunt, all ESCU, EVTX, 1 core" "native: vigil hunt, all ESCU, EVTX, all cores"
ratio "all ESCU over EVTX, 1 search thread / all cores" "vigil hunt, all ESCU, EVTX, 1 thread" "vigil hunt, all ESCU, EVTX, all cores"
ratio "evtxexport -f xml / vigil export jsonl raw (goal >= 15)" "evtxexport -f xml (libevtx-utils)" "vigil export jsonl (raw fields), all cores"
ratio "evtxexport -f xml / native export jsonl raw (goal >= 15)" "evtxexport -f xml (libevtx-utils)" "native: vigil export jsonl (raw), all cores"
ratio "all ESCU / seed, EVTX, all cores" "vigil hunt, all ESCU, EVTX, all cores" "vigil hunt, seed, EVTX, all cores"
ratio "reading alone, XmlWinEventLog / grep -c 2282" "vigil search '* | stats count', XmlWinEventLog" "grep -c 2282, XmlWinEventLog"
ratio "all ESCU / reading alone, XmlWinEventLog" "vigil hunt, all ESCU, XmlWinEventLog" "vigil search '* | stats count', XmlWinEventLog"
ratio "all ESCU / reading alone, EVTX, all cores" "vigil hunt, all ESCU, EVTX, all cores" "vigil search '* | stats count', EVTX"

# One wall time, in seconds, with microseconds (bash's EPOCHREALTIME; /usr/bin/time keeps hundredths).
wall() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo failed; return; }
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'
}

paired() { # $1 label, then the slower leg's command, --, the faster leg's command
  local label=$1 slow=() fast=() ratios=()
  shift
  while [[ $1 != -- ]]; do slow+=("$1"); shift; done
  shift
  fast=("$@")
  command -v "${slow[0]}" >/dev/null 2>&1 && command -v "${fast[0]}" >/dev/null 2>&1 || return 0
  for _ in $(seq "$runs"); do
    local a b
    a=$(wall "${slow[@]}")
    b=$(wall "${fast[@]}")
    if [[ $a == failed || $b == failed ]]; then
      printf '%-62s failed\n' "$label"
      return 0
    fi
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
  done
  printf '%-62s %8.1fx  (%s)\n' "$label" "$(printf '%s\n' "${ratios[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")" "${ratios[*]}"
}
echo
echo "paired ratios (the two legs alternately, $runs pairs; median of the pairs' ratios, then each pair's):"
paired "all ESCU over XmlWinEventLog / grep -c 2282 (goal <= 10)" \
  "$vigil" hunt "$work/big.log" "${escu[@]}" -- bash -c "grep -c 2282 '$work/big.log' >'$work/grep.out'"
paired "all ESCU over EVTX, 1 core / all cores (goal >= 1.7)" \
  taskset -c 0 "$vigil" hunt "$work/big.evtx" "${escu[@]}" --threads 1 -- "$vigil" hunt "$work/big.evtx" "${escu[@]}"
paired "evtxexport -f xml / vigil export jsonl raw (goal >= 15)" \
  evtxexport -f xml "$work/big.evtx" -- "$vigil" export "$work/big.evtx" --fields raw --no-raw --no-progress
if [[ -n $native ]]; then
  export VIGIL_CACHE_DIR=$work/content-cache-native
  paired "native, 1 core / all cores (goal >= 1.7)" \
    taskset -c 0 "$native" hunt "$work/big.evtx" "${escu[@]}" --threads 1 -- "$native" hunt "$work/big.evtx" "${escu[@]}"
  paired "evtxexport -f xml / native export jsonl raw (goal >= 15)" \
    evtxexport -f xml "$work/big.evtx" -- "$native" export "$work/big.evtx" --fields raw --no-raw --no-progress
fi
