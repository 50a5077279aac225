#!/usr/bin/env bash
# The browser suite: installs playwright-core from npm when missing (never a browser: the tests
# drive Debian's chromium), then runs every tests/browser/*.test.mjs with node's test runner
# against $KASSA_BIN. Screenshots land in tests/browser/artifacts/ (or $KASSA_ARTIFACTS).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules/playwright-core ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
command -v chromium >/dev/null || { echo "browser: Debian's chromium is missing (scripts/deps.sh test)" >&2; exit 1; }
exec node --test --test-concurrency=1 --test-reporter=spec "$@" ./*.test.mjs
