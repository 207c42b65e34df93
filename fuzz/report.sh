#!/usr/bin/env bash
# Usage: fuzz/report.sh
#
# One line per run.sh run in fuzz/out/runs: time, executions, exec/s, paths (queue size), crashes and hangs AFL
# saved. Each saved input is then replayed with the current uninstrumented build (fuzz/out/bin/plain, as the last
# run.sh published it): "open" counts crashes that still throw and hangs that still take over 1 s, so after a fix
# a run's findings show as fixed without running it again.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
runs=$here/out/runs
plain=$here/out/bin/plain/Vigil.Fuzz.dll

value() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1"; }

# Exit 0 when the input now reads cleanly within 1 s.
clean() {
  local harness=$1 input=$2 start end
  start=$(date +%s%N)
  timeout 60 dotnet "$plain" "$harness" --replay "$input" >/dev/null 2>&1 || return 1
  end=$(date +%s%N)
  # The replay's own start-up (runtime, JIT, shipped content) is not the input's: 1 s on top of a baseline run.
  (((end - start) / 1000000 <= 1000 + baseline_ms))
}

printf '%-8s %-17s %6s %10s %8s %6s %8s %6s %5s\n' harness run minutes execs exec/s paths crashes hangs open
for run in "$runs"/*/; do
  stats=$run/default/fuzzer_stats
  [[ -f $stats ]] || continue
  name=$(basename "$run")
  harness=${name%%-*}
  empty=$(mktemp)
  start=$(date +%s%N)
  dotnet "$plain" "$harness" --replay "$empty" >/dev/null 2>&1 || true
  baseline_ms=$((($(date +%s%N) - start) / 1000000))
  rm -f "$empty"
  open=0
  for input in "$run"/default/crashes/id:* "$run"/default/hangs/id:*; do
    [[ -e $input ]] || continue
    clean "$harness" "$input" || open=$((open + 1))
  done
  printf '%-8s %-17s %6.1f %10s %8s %6s %8s %6s %5s\n' "$harness" "${name#*-}" "$(echo "$(value "$stats" run_time) / 60" | bc -l)" \
    "$(value "$stats" execs_done)" "$(value "$stats" execs_per_sec)" "$(value "$stats" corpus_count)" \
    "$(value "$stats" saved_crashes)" "$(value "$stats" saved_hangs)" "$open"
done
