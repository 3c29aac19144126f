#!/usr/bin/env bash
# All tests: installs the tools the tests need (idempotent), builds, runs the unit and integration tests,
# the policy fixtures (./pspr test) and the drift check of the committed charts (./pspr render --check).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PATH="$root/.tools/bin:$PATH"

scripts/install-tools.sh

dotnet build PspReplacement.sln -c Release -nologo -v q
status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "console;verbosity=minimal" \
    --logger "junit;LogFilePath=$root/artifacts/test-results/$name.xml" || status=1
done
./pspr test --junit artifacts/test-results/pspr-test.xml || status=1
./pspr render --check || status=1
exit $status
