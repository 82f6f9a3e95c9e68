#!/usr/bin/env bash
# mypy --strict on the core and the default server, seen under the import name `webio`
# (the sources live in webio_core/ and integrations/, mapped by setup.cfg's package_dir).
set -euo pipefail
cd "$(dirname "$0")/.."
root=build/typecheck
rm -rf "$root" && mkdir -p "$root/webio"
for entry in webio_core/*; do ln -s "../../../$entry" "$root/webio/$(basename "$entry")"; done
for plugin in integrations/*/; do ln -s "../../../${plugin%/}" "$root/webio/$(basename "$plugin")"; done
ln -s ../../../static "$root/webio/static"
MYPYPATH="$root" python -m mypy --strict --config-file setup.cfg \
  -p webio.protocol -p webio.session -p webio.transport -p webio.output -p webio.input -m webio.pin \
  -m webio.config -m webio.exceptions -m webio.page -m webio.demo -p webio.testing -p webio.tornado -p webio.platform \
  -p webio.starlette -p webio.aiohttp -p webio.flask -p webio.django -m webio.script_mode -m webio.cli -p webio.battery \
  -p webio.charts -m webio.utils -m webio.rejections -m webio.migrate -p webio.gallery -p webio.bus -m webio.metrics -p webio.ops "$@"
