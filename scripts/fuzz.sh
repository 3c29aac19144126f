#!/usr/bin/env bash
# A longer fuzzing run than ./test.sh's: every fuzz and property test with PSPR_FUZZ_SCALE times its case count
# (default 50; ./test.sh runs them once). A failure prints the CsCheck seed that reproduces it:
#   CsCheck_Seed=<seed> dotnet test tests/PspReplacement.Tests --filter FullyQualifiedName~<test>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PATH="$root/.tools/bin:$PATH"
export PSPR_FUZZ_SCALE="${PSPR_FUZZ_SCALE:-50}"
scripts/install-tools.sh
dotnet build PspReplacement.sln -c Release -nologo -v q
status=0
dotnet test tests/PspReplacement.Tests -c Release --no-build --filter "FullyQualifiedName~Fuzz|FullyQualifiedName~PropertyTests" || status=1
dotnet test tests/PspReplacement.Cli.Tests -c Release --no-build --filter "FullyQualifiedName~Fuzz" || status=1
exit $status
