#!/usr/bin/env bash
# Rebuilds the client into a temporary folder and fails if it differs from the committed dist/.
# Run after `npm ci` (so node_modules matches package-lock.json).
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node build.mjs --out "$tmp/dist"
if ! diff -r dist "$tmp/dist" >/dev/null; then
  echo "static/dist is out of date: run 'npm ci && npm run build' in static/ and commit dist/" >&2
  diff -rq dist "$tmp/dist" >&2 || true
  exit 1
fi
echo "static/dist matches a fresh build"
