#!/usr/bin/env bash
# Usage: fuzz/run.sh HARNESS SECONDS   (HARNESS: evtx | xml | json | spl | content)
#
# Publishes the harness program, instruments the Vigil assemblies that harness exercises, builds seeds from the
# shared reference material (../shared, read at run time, never copied into the repository), runs afl-fuzz on one
# core for SECONDS and prints executions, paths (queue size), crashes and hangs. Runs land in fuzz/out/ (ignored by
# git); fuzz/report.sh summarizes them. Replay an input with:
#   dotnet fuzz/out/bin/plain/Vigil.Fuzz.dll HARNESS --replay FILE...
# (the uninstrumented build: instrumented code only runs under afl-fuzz).
set -euo pipefail

harness=${1:?usage: run.sh HARNESS SECONDS}
seconds=${2:?usage: run.sh HARNESS SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
shared=${VIGIL_SHARED:-$(cd "$repo/../shared" && pwd)}
out=$here/out
plain=$out/bin/plain
bin=$out/bin/$harness
seeds=$out/seeds/$harness
findings=$out/runs/$harness-$(date -u +%Y%m%d-%H%M%S)
sharpfuzz=$here/.tools/sharpfuzz

# Only Vigil's own code is instrumented: coverage of the BCL or YamlDotNet would drown the parsers' paths.
case $harness in
  evtx) targets=(Vigil.Evtx.dll Vigil.Events.dll) ;;
  xml | json) targets=(Vigil.Events.dll) ;;
  spl) targets=(Vigil.Spl.dll) ;;
  content) targets=(Vigil.Content.dll Vigil.Knowledge.dll) ;;
  *) echo "unknown harness: $harness (evtx | xml | json | spl | content)" >&2; exit 2 ;;
esac

if [[ ! -x $sharpfuzz ]]; then
  dotnet tool install --tool-path "$here/.tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# A fresh copy per run: sharpfuzz rewrites assemblies in place and refuses an instrumented one.
rm -rf "$plain" "$bin"
dotnet publish "$here/Vigil.Fuzz/Vigil.Fuzz.csproj" -c Release -o "$plain" --nologo -v q >/dev/null
cp -r "$plain" "$bin"
harness_dll=$plain/Vigil.Fuzz.dll

# Seeds: small, real inputs of each kind. A large EVTX file is cut to its header and first chunk (64 KiB): AFL
# mutates small inputs far faster, and one chunk holds every structure the parser knows.
rm -rf "$seeds"
mkdir -p "$seeds"
case $harness in
  evtx)
    find "$shared/evtx" -name '*.evtx' | sort | while read -r f; do
      head -c $((4096 + 65536)) "$f" >"$seeds/$(basename "$f")"
    done
    ;;
  xml)
    mapfile -t evtx < <(find "$shared/evtx" -name '*.evtx' | sort | head -n 8)
    dotnet "$harness_dll" xml-seeds "$seeds" "${evtx[@]}"
    ;;
  json)
    cp "$shared"/json/winlogbeat/*.json "$seeds/"
    for f in "$shared"/json/evtx-crate-snapshots/*.snap; do
      name=$(basename "$f" .snap)
      # A snapshot is a YAML header between '---' lines, then the value: keep those that are JSON (some hold XML), as
      # a document, as evtx_dump's pretty form ("Record N" before each) and as JSON lines.
      awk 'n >= 2 { print } /^---$/ { n++ }' "$f" >"$seeds/$name.json"
      if [[ $(head -c 1 "$seeds/$name.json") != "{" ]]; then
        rm "$seeds/$name.json"
        continue
      fi
      { echo "Record 1"; cat "$seeds/$name.json"; } >"$seeds/$name.evtx_dump.txt"
      python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$seeds/$name.json" >"$seeds/$name.jsonl"
    done
    ;;
  spl)
    dotnet "$harness_dll" spl-seeds "$shared/escu/detections" "$seeds"
    ;;
  content)
    # The harness reads the first byte as the file to write (ContentHarness): 0 detection/macro YAML, 1 macros.conf,
    # 2 eventtypes.conf in a content directory; 3 props, 4 transforms, 5 eventtypes, 6 tags, 7 macros.conf in an add-on.
    i=0
    for f in $(find "$shared/escu/detections" "$shared/escu/macros" "$shared/escu/stories" "$shared/escu/data_sources" -name '*.yml' | sort | awk 'NR % 80 == 1'); do
      { printf '\x00'; cat "$f"; } >"$seeds/yml-$i"
      i=$((i + 1))
    done
    for f in "$repo"/content/knowledge/*/default/*.conf; do
      case $(basename "$f") in
        props.conf) selector='\x03' ;; transforms.conf) selector='\x04' ;; eventtypes.conf) selector='\x05' ;;
        tags.conf) selector='\x06' ;; macros.conf) selector='\x07' ;; *) continue ;;
      esac
      { printf "$selector"; cat "$f"; } >"$seeds/conf-$i"
      i=$((i + 1))
    done
    ;;
esac
echo "seeds: $(ls "$seeds" | wc -l) in $seeds"

for target in "${targets[@]}"; do
  "$sharpfuzz" "$bin/$target"
done

# -t: a hang is an input over 1 s. A child killed for a hang is restarted, and its start-up (runtime, JIT, shipped
# content) counts against the next input: the margin keeps that from reading as a hang too; report.sh re-times every
# hang with the uninstrumented build and counts only those over 1 s.
mkdir -p "$findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
afl-fuzz -i "$seeds" -o "$findings" -t "${FUZZ_TIMEOUT_MS:-3000}" -m none -V "$seconds" -- dotnet "$bin/Vigil.Fuzz.dll" "$harness" \
  >"$findings/afl.log" 2>&1 || { tail -n 30 "$findings/afl.log"; exit 1; }

stats=$findings/default/fuzzer_stats
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "harness $harness: $(value run_time) s, execs $(value execs_done), $(value execs_per_sec) exec/s," \
  "paths $(value corpus_count), crashes $(value saved_crashes), hangs $(value saved_hangs)"
echo "findings: $findings"
