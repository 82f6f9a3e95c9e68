#!/usr/bin/env bash
# Install everything the test suite needs, check the committed client build, run the whole suite.
# Used by CI (.ci/run) and by developers: bash tests/run-all.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)  # Debian's package; the browser tests launch this one
command -v objdump >/dev/null 2>&1 || missing+=(binutils)  # PyInstaller (tests/pyinstaller) reads binaries with it
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing system packages: ${missing[*]} (install them, e.g. apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[all,test]"
# pyg2plot pins Jinja2 2.11, which breaks Flask; its notebook HTML needs no Jinja2 feature of that
# version, so it is installed without its dependencies (docs/charts.md says the same to users).
python -m pip install -q --disable-pip-version-check --no-deps "pyg2plot>=0.1.8"

# The browser client: rebuild from the lockfile and compare with the committed build.
if [ -f static/package.json ]; then
  (cd static && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm run --silent check)
fi

# Static checks of the core.
python -m ruff check webio_core integrations tests benchmarks static/__init__.py
bash tests/typecheck.sh

# The documentation site: a broken link or a public name without a docstring fails the build.
NO_MKDOCS_2_WARNING=1 python -m mkdocs build --strict --quiet

# A hang anywhere (even in collection, where pytest-timeout does not reach) is interrupted after
# 75 minutes (CI stops at 90); SIGINT lets pytest still print its summary line.
timeout --signal=INT --kill-after=60 4500 python -m pytest -q -p no:cacheprovider "$@"
