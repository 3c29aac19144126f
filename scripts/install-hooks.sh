#!/usr/bin/env bash
# Installs the repository's git hooks (.githooks/): the pre-commit hook refuses a commit whose values/ or profiles/
# change is not accompanied by its rendered charts (./pspr render --check, which validates the values schema first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
git -C "$root" config core.hooksPath .githooks
chmod +x "$root"/.githooks/*
echo "git hooks installed: core.hooksPath=.githooks (pre-commit runs ./pspr render --check)"
