#!/usr/bin/env bash
# Stands in for csc in the SDK-defaults builds of run.sh (CscToolPath/CscToolExe point here): runs the SDK's csc.dll
# ($ENGRAM_CSC_DLL) with the same arguments and, when $ENGRAM_CSC_TIMES names a file, appends the compiler process's
# wall-clock, user CPU and system CPU seconds to it. Builds without ENGRAM_CSC_TIMES (the warm-ups) run csc untimed.
set -euo pipefail
: "${ENGRAM_CSC_DLL:?ENGRAM_CSC_DLL must name csc.dll of the SDK}"
: "${DOTNET_HOST_PATH:?DOTNET_HOST_PATH must name the dotnet host (the dotnet CLI sets it for MSBuild)}"
if [[ -z "${ENGRAM_CSC_TIMES:-}" ]]; then
  exec "$DOTNET_HOST_PATH" exec "$ENGRAM_CSC_DLL" "$@"
fi

# bash's time reports the CPU time of the compiler process and of every thread in it; csc's own stderr goes to fd 3,
# the original stderr, so that only the three figures land in the file.
TIMEFORMAT=$'csc_wall %3R\ncsc_user %3U\ncsc_sys %3S'
{ time "$DOTNET_HOST_PATH" exec "$ENGRAM_CSC_DLL" "$@" 2>&3; } 3>&2 2>>"$ENGRAM_CSC_TIMES"
