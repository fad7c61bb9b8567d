#!/usr/bin/env bash
# Measures what analyzers cost a large compilation: generates a realistic C# code base, builds it with the
# compiler alone, with Engram.Analyzers, with Microsoft.VisualStudio.Threading.Analyzers and with Meziantou.Analyzer,
# several times each, at the default size and at four times that size, and writes the medians to
# docs/performance.md and docs/performance.json (section "analyzer-overhead").
# With --sdk-defaults it measures a plain SDK project's build instead (the SDK's default analyzers and source
# generators on), without and with Engram.Analyzers, and writes the CPU-time and wall-time differences with their
# spread (section "analyzer-overhead-sdk-defaults"); the other section is left as it is.
#
#   benchmarks/AnalyzerOverhead/run.sh [--sdk-defaults] [--files N] [--runs N] [--scales "1 4"] [--work DIR] [--no-docs]
#                                      [--commit REV | --working-tree] [--baseline REV] [--configurations "NAMES"]
#
#   --sdk-defaults  the SDK-defaults configurations (default --runs 10 --scales 1 and --work artifacts/analyzer-overhead-sdk-defaults)
#   --files   source files at scale 1 (default 1000, about 150 lines each)
#   --runs    measured builds per configuration and size (default 5; medians are reported)
#   --scales  sizes to measure, as multiples of --files (default "1 4")
#   --work    where the generated code, binary logs and tool builds go (default artifacts/analyzer-overhead)
#   --no-docs print the summary only; leave docs/ alone (for smoke tests)
#   --commit REV    measure the analyzers and runtime of commit REV (default HEAD)
#   --working-tree  measure the analyzers and runtime as they are in the working tree instead of a commit
#   --baseline REV  also measure the analyzers of commit REV (configuration engram-baseline) on the same generated code,
#                   with the same runtime, in the same rounds: an A/B of our own analyzers across commits; the summary
#                   compares them rule by rule and round by round
#   --configurations "NAMES"  build only these configurations, e.g. "compiler-only engram engram-baseline" to skip the
#                   slow third-party ones (known: compiler-only engram engram-baseline vs-threading meziantou;
#                   compiler-only is required, every other one is measured against it)
#
# Every measured build is a full rebuild in a fresh csc process (UseSharedCompilation=false): no compiler server
# carries JIT-compiled analyzers from one build to the next, so every configuration starts equally cold, as in CI.
# In the SDK-defaults builds csc runs under csc-timed.sh, which records the compiler process's CPU time.
# Measure on a quiet machine: the builds of other processes show up as noise in every figure.
set -euo pipefail

files=1000
runs=
scales=
work=
sdk_defaults=0
write_docs=1
working_tree=0
revision=HEAD
baseline=
only=
command_line="benchmarks/AnalyzerOverhead/run.sh $*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sdk-defaults) sdk_defaults=1; shift ;;
    --files) files="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --scales) scales="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    --working-tree) working_tree=1; shift ;;
    --commit) revision="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --configurations) only="$2"; shift 2 ;;
    *) echo "unknown option '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done

if [[ "$sdk_defaults" == 1 && ( -n "$baseline" || -n "$only" ) ]]; then
  echo "--baseline and --configurations apply to the isolated configurations, not to --sdk-defaults" >&2; exit 2
fi
only="${only//,/ }"
if [[ -n "$only" ]]; then
  if [[ " $only " != *" compiler-only "* ]]; then
    echo "--configurations must include compiler-only: every other configuration is measured against it" >&2; exit 2
  fi
  if [[ " $only " == *" engram-baseline "* && -z "$baseline" ]]; then
    echo "--configurations lists engram-baseline, which needs --baseline REV" >&2; exit 2
  fi
  if [[ -n "$baseline" && " $only " != *" engram-baseline "* ]]; then
    echo "--baseline measures configuration engram-baseline, which --configurations leaves out" >&2; exit 2
  fi
fi

if [[ "$sdk_defaults" == 1 ]]; then
  runs="${runs:-10}" scales="${scales:-1}" work="${work:-artifacts/analyzer-overhead-sdk-defaults}"
  generator_set=(--sdk-defaults)
else
  runs="${runs:-5}" scales="${scales:-1 4}" work="${work:-artifacts/analyzer-overhead}"
  generator_set=()
fi

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
# Absolute, because csc-timed.sh writes its figures from the compiler's working directory.
mkdir -p "$work"
work="$(cd "$work" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild node or compiler server outlives a build: nothing of one measurement lingers into the next.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

for rev in "$revision" $baseline; do
  git rev-parse --verify --quiet "$rev^{commit}" > /dev/null || { echo "'$rev' is not a commit" >&2; exit 2; }
done

# Extracts the listed paths of commit $1 into directory $2, leaving out those the commit lacks (an old commit may have
# no global.json, say).
archive() {
  local rev="$1" into="$2" path present=()
  shift 2
  git rev-parse --verify --quiet "$rev^{commit}" > /dev/null || { echo "'$rev' is not a commit" >&2; return 1; }
  for path in "$@"; do
    if git cat-file -e "$rev:$path" 2> /dev/null; then present+=("$path"); fi
  done
  [[ ${#present[@]} -gt 0 ]] || { echo "$rev has none of: $*" >&2; return 1; }
  mkdir -p "$into"
  git archive "$rev" "${present[@]}" | tar -x -C "$into"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
tools="$work/build"
rm -rf "$tools"
# The analyzers and runtime measured are those of a commit (HEAD unless --commit or --working-tree), copied out with
# git archive, so that a figure always names the exact code it measured.
if [[ "$working_tree" == 1 ]]; then
  source_root="$repo"
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown) + working tree"
else
  source_root="$work/source"
  rm -rf "$source_root"
  archive "$revision" "$source_root" analyzers runtime Directory.Build.props Directory.Packages.props global.json
  commit="$(git rev-parse --short "$revision")"
fi

echo "== Building Engram.Analyzers and Engram.Runtime ($commit) and the benchmark tools (Release) into $tools"
dotnet build "$source_root/analyzers/Engram.Analyzers.Package" -c Release --artifacts-path "$tools" -v:q -clp:ErrorsOnly
dotnet build "$source_root/runtime/Engram.Runtime" -c Release -f net8.0 --artifacts-path "$tools" -v:q -clp:ErrorsOnly
for project in benchmarks/AnalyzerOverhead/Generator benchmarks/AnalyzerOverhead/Report; do
  dotnet build "$project" -c Release --artifacts-path "$tools" -v:q -clp:ErrorsOnly
done
# The baseline differs from what is measured in its analyzers only: the generated code, the runtime and the tools are
# the current ones.
if [[ -n "$baseline" ]]; then
  baseline_commit="$(git rev-parse --short "$baseline")"
  baseline_tools="$work/build-baseline"
  echo "== Building the baseline's Engram.Analyzers ($baseline_commit) into $baseline_tools"
  rm -rf "$baseline_tools" "$work/baseline-source"
  archive "$baseline" "$work/baseline-source" analyzers Directory.Build.props Directory.Packages.props global.json
  dotnet build "$work/baseline-source/analyzers/Engram.Analyzers.Package" -c Release --artifacts-path "$baseline_tools" -v:q -clp:ErrorsOnly
  generator_set+=(--baseline-analyzers "$baseline_tools/bin/Engram.Analyzers.Package/release" --baseline-name "$baseline_commit")
fi
if [[ -n "$only" ]]; then generator_set+=(--configurations "${only// /,}"); fi
generator="$tools/bin/AnalyzerOverhead.Generator/release/AnalyzerOverhead.Generator.dll"
report="$tools/bin/AnalyzerOverhead.Report/release/AnalyzerOverhead.Report.dll"
# The isolated configurations read the compiler's analyzer report; the SDK-defaults ones are built as a user builds
# them (no ReportAnalyzer), with csc timed by csc-timed.sh.
if [[ "$sdk_defaults" == 1 ]]; then
  ENGRAM_CSC_DLL="$(dotnet msbuild benchmarks/AnalyzerOverhead/Report -getProperty:RoslynTargetsPath)/bincore/csc.dll"
  [[ -f "$ENGRAM_CSC_DLL" ]] || { echo "The SDK's csc.dll is not at $ENGRAM_CSC_DLL" >&2; exit 1; }
  export ENGRAM_CSC_DLL
  compiler=(-p:CscToolPath="$repo/benchmarks/AnalyzerOverhead" -p:CscToolExe=csc-timed.sh)
  measured=()
else
  compiler=()
  measured=(-p:ReportAnalyzer=true)
fi

results="$work/results"
rm -rf "$results"
for scale in $scales; do
  code="$work/code-x$scale"
  echo "== x$scale: generating $((files * scale)) files into $code"
  dotnet "$generator" --out "$code" --files "$files" --scale "$scale" "${generator_set[@]}" \
    --engram-analyzers "$tools/bin/Engram.Analyzers.Package/release" \
    --engram-runtime "$tools/bin/Engram.Runtime/release_net8.0/Engram.Runtime.dll"
  mkdir -p "$results/x$scale"
  cp "$code/generation.json" "$results/x$scale/"
  configurations=()
  for project in "$code"/*/*.csproj; do configurations+=("$(basename "$(dirname "$project")")"); done

  for configuration in "${configurations[@]}"; do
    echo "-- x$scale $configuration: restore and unmeasured warm-up build"
    dotnet restore "$code/$configuration" -v:q
    dotnet build "$code/$configuration" -c Release --no-restore --no-incremental "${compiler[@]}" -v:q -clp:ErrorsOnly
    mkdir -p "$results/x$scale/$configuration"
  done

  # Configurations take turns within each round, so a slow drift of the machine touches all of them alike; even
  # rounds go in reverse order, so that no configuration always follows the same one.
  reversed=()
  for ((i = ${#configurations[@]} - 1; i >= 0; i--)); do reversed+=("${configurations[i]}"); done
  for run in $(seq 1 "$runs"); do
    if ((run % 2 == 0)); then order=("${reversed[@]}"); else order=("${configurations[@]}"); fi
    for configuration in "${order[@]}"; do
      times="$results/x$scale/$configuration/run-$run.times"
      load="$(cut -d' ' -f1 /proc/loadavg)"
      started=$EPOCHREALTIME
      ENGRAM_CSC_TIMES="$times" dotnet build "$code/$configuration" -c Release --no-restore --no-incremental \
        -p:UseSharedCompilation=false "${measured[@]}" "${compiler[@]}" \
        -bl:"$results/x$scale/$configuration/run-$run.binlog" -v:q -clp:ErrorsOnly
      build_seconds="$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')"
      if [[ "$sdk_defaults" == 1 ]]; then printf 'load_before %s\nbuild_wall %s\n' "$load" "$build_seconds" >> "$times"; fi
      printf -- '-- x%s run %s/%s %-20s %6.1f s (whole dotnet build)\n' "$scale" "$run" "$runs" "$configuration" "$build_seconds"
    done
  done
done

docs_option=()
if [[ "$write_docs" == 1 ]]; then docs_option=(--docs docs); fi
dotnet "$report" --results "$results" "${docs_option[@]}" --command "$command_line" \
  --sdk "$(dotnet --version)" --commit "$commit" --load "$load_before"
