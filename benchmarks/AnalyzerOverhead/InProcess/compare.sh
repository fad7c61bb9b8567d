#!/usr/bin/env bash
# Compares two builds of Engram.Analyzers in process, over the same generated code: one process per side, the sides
# alternating (the order swapped every other pair), each running --iterations fresh compilations. Prints, per pair,
# each side's analyzer seconds for the cold first iteration and the mean of the warm ones, for the rule sets named
# below, and the change of the second side over the first; with 4 or more iterations also the steady state, the median
# of iterations 4 and later (the JIT has then recompiled the hot methods: iterations 2 and 3 still race it). Then the
# medians over the pairs. Single-threaded, nothing else running beside the analyzers: far steadier than the
# per-analyzer report of a full build on a small machine.
#
#   benchmarks/AnalyzerOverhead/InProcess/compare.sh BASELINE_DLL CANDIDATE_DLL CODE_DIR [PAIRS] [ITERATIONS]
#
#   CODE_DIR    code written by the generator (run.sh leaves it in <work>/code-x1)
#   PAIRS       processes per side (default 3); ITERATIONS per process (default 3, the first one cold)
#
# Rule sets: "ENG001-ENG004" (the rules older than affinity inference), "+ENG006", and "all" (every rule of the side).
# RULES=ENG001,ENG002,... (environment) runs only those rules on both sides. The rules share lazily built compiler
# state, paid by whichever rule asks first, so a rule set's total compares fairly only when both sides run the same set.
set -euo pipefail

if [[ $# -lt 3 ]]; then sed -n '2,17p' "$0" >&2; exit 2; fi
baseline="$1" candidate="$2" code="$3" pairs="${4:-3}" iterations="${5:-3}"
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
runner="$repo/benchmarks/AnalyzerOverhead/InProcess/bin/Release/net10.0/AnalyzerOverhead.InProcess.dll"
[[ -f "$runner" ]] || dotnet build "$repo/benchmarks/AnalyzerOverhead/InProcess" -c Release -v:q -clp:ErrorsOnly
outputs="$(mktemp -d)"
trap 'rm -rf "$outputs"' EXIT

for pair in $(seq 1 "$pairs"); do
  if ((pair % 2 == 1)); then sides="baseline candidate"; else sides="candidate baseline"; fi
  for side in $sides; do
    if [[ "$side" == baseline ]]; then assembly="$baseline"; else assembly="$candidate"; fi
    dotnet "$runner" --code "$code" --analyzers "$assembly" --iterations "$iterations" ${RULES:+--rules "$RULES"} > "$outputs/$side-$pair.txt"
  done
done

# The runner prints "iteration N[ (cold)]: T s in analyzers (Name[IDs] seconds, ...); D diagnostics".
summarize() {
  awk '
    # "UsedAcrossAwaitAnalyzer[ENG002]": the rule IDs in brackets.
    function id(label) { sub(/^[^[]*\[/, "", label); sub(/\]$/, "", label); return label }
    /^iteration / {
      n = $2 + 0; list = $0; sub(/^[^(]*\(([^)]*\)[^(]*\()?/, "", list); sub(/\);.*$/, "", list)
      old = 0; with6 = 0; all = 0; count = split(list, parts, ", ")
      for (i = 1; i <= count; i++) {
        split(parts[i], field, " "); rule = id(field[1]); seconds = field[2] + 0; all += seconds
        if (rule ~ /^ENG00[1-4]$/) old += seconds
        if (rule ~ /^ENG00[1-4]$/ || rule == "ENG006") with6 += seconds
      }
      if (n == 1) { cold[1] = old; cold[2] = with6; cold[3] = all }
      else { warm[1] += old; warm[2] += with6; warm[3] += all; warmCount++ }
      if (n >= 4) { steadyCount++; steady[1, steadyCount] = old; steady[3, steadyCount] = all }
    }
    function median(set,   i, j, t, values) {
      if (steadyCount == 0) return 0
      for (i = 1; i <= steadyCount; i++) values[i] = steady[set, i]
      for (i = 1; i <= steadyCount; i++) for (j = i + 1; j <= steadyCount; j++) if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
      return steadyCount % 2 ? values[(steadyCount + 1) / 2] : (values[steadyCount / 2] + values[steadyCount / 2 + 1]) / 2
    }
    END { printf "%.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f\n", cold[1], cold[2], cold[3], warm[1] / warmCount, warm[2] / warmCount, warm[3] / warmCount, median(1), median(3) }
  ' "$1"
}

median_of() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

printf '%-5s %-9s %28s   %28s   %18s\n' pair side "cold: ENG001-4 +ENG006 all" "warm: ENG001-4 +ENG006 all" "steady: ENG001-4 all"
for pair in $(seq 1 "$pairs"); do
  read -r b1 b2 b3 b4 b5 b6 b7 b8 < <(summarize "$outputs/baseline-$pair.txt")
  read -r c1 c2 c3 c4 c5 c6 c7 c8 < <(summarize "$outputs/candidate-$pair.txt")
  printf '%-5s %-9s %9s %8s %9s   %9s %8s %9s   %9s %8s\n' "$pair" baseline "$b1" - "$b3" "$b4" - "$b6" "$b7" "$b8"
  printf '%-5s %-9s %9s %8s %9s   %9s %8s %9s   %9s %8s\n' "$pair" candidate "$c1" "$c2" "$c3" "$c4" "$c5" "$c6" "$c7" "$c8"
  awk -v p="$pair" -v b1="$b3" -v b4="$b6" -v b8="$b8" -v c1="$c1" -v c2="$c2" -v c3="$c3" -v c4="$c4" -v c5="$c5" -v c6="$c6" -v c7="$c7" -v c8="$c8" 'BEGIN {
    printf "%-5s %-9s %+8.1f%% %+7.1f%% %+8.1f%%   %+8.1f%% %+7.1f%% %+8.1f%%", p, "change",
      100 * (c1 / b1 - 1), 100 * (c2 / b1 - 1), 100 * (c3 / b1 - 1), 100 * (c4 / b4 - 1), 100 * (c5 / b4 - 1), 100 * (c6 / b4 - 1)
    if (b8 > 0) printf "   %+8.1f%% %+7.1f%%", 100 * (c7 / b8 - 1), 100 * (c8 / b8 - 1)
    printf "\n" }'
  echo "$b1 $b4 $b7 $c1 $c4 $c7" >> "$outputs/old-rules"
done
echo "(change: the candidate's rule set over everything the baseline ran, in the same pair)"
if ((pairs > 1)); then
  for column in 1 2 3 4 5 6; do medians[column]="$(cut -d' ' -f"$column" "$outputs/old-rules" | median_of)"; done
  awk -v b1="${medians[1]}" -v b2="${medians[2]}" -v b3="${medians[3]}" -v c1="${medians[4]}" -v c2="${medians[5]}" -v c3="${medians[6]}" 'BEGIN {
    printf "medians over the pairs, ENG001-4: cold %.3f against %.3f (%+.1f%%), warm %.3f against %.3f (%+.1f%%)", b1, c1, 100 * (c1 / b1 - 1), b2, c2, 100 * (c2 / b2 - 1)
    if (b3 > 0) printf ", steady %.3f against %.3f (%+.1f%%)", b3, c3, 100 * (c3 / b3 - 1)
    printf "\n" }'
fi
