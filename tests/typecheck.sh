#!/usr/bin/env bash
# mypy --strict on the core, seen under its import name `webio` (the source folder is webio_core/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=build/typecheck
mkdir -p "$root"
ln -sfn ../../webio_core "$root/webio"
MYPYPATH="$root" python -m mypy --strict --config-file setup.cfg \
  -p webio.protocol -p webio.session -p webio.transport -p webio.output -p webio.testing -m webio.config -m webio.exceptions "$@"
