#!/usr/bin/env bash
# Measures `pspr check --profile restricted` over a generated corpus of 10,000 pod-bearing manifests (Pods,
# Deployments, CronJobs with 1-4 containers): whole-process wall time (start-up included) and peak RSS.
# Target: <= 5 s and <= 500 MB on a 2-core machine.
# Usage: scripts/bench-check.sh [COUNT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-10000}"
corpus="$(mktemp -d "${TMPDIR:-/tmp}/pspr-bench-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
python3 "$root/scripts/gen-check-corpus.py" "$corpus" "$count" 100
echo "corpus: $count manifests in $(ls "$corpus" | wc -l) files ($(du -sh "$corpus" | cut -f1))"

cd "$root"
./pspr check --profile restricted "$corpus" -o json >/dev/null 2>&1 || true   # builds the CLI if needed, warms the disk cache

status=0
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$corpus/time.txt" dotnet artifacts/cli/pspr.dll check --profile restricted "$corpus" >"$corpus/out.txt" 2>"$corpus/err.txt" || status=$?
  wall="$(grep 'Elapsed (wall clock)' "$corpus/time.txt" | awk '{print $NF}')"
  rss_kb="$(grep 'Maximum resident set size' "$corpus/time.txt" | awk '{print $NF}')"
  cpu="$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f s", s}' "$corpus/time.txt")"
else
  read -r wall rss_kb status cpu < <(python3 - "$corpus" <<'PY'
import resource, subprocess, sys, time
corpus = sys.argv[1]
start = time.monotonic()
with open(f"{corpus}/out.txt", "w") as out, open(f"{corpus}/err.txt", "w") as err:
    code = subprocess.call(["dotnet", "artifacts/cli/pspr.dll", "check", "--profile", "restricted", corpus], stdout=out, stderr=err)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.monotonic() - start:.2f}", usage.ru_maxrss, code, f"{usage.ru_utime + usage.ru_stime:.2f}s")
PY
)
fi
tail -1 "$corpus/out.txt"
if [ "$status" -ge 2 ]; then echo "check failed (exit $status):"; head -20 "$corpus/err.txt"; exit 2; fi
# CPU time (user + sys) is reported too: on a busy machine wall time measures the neighbours, CPU time the work.
echo "wall time: $wall   CPU time: $cpu   peak RSS: $((rss_kb / 1024)) MB   load: $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
echo "(exit $status: 1 means some manifests were denied, as the corpus intends)"
