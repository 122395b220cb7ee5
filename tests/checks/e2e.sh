#!/usr/bin/env bash
# Browser tests of hoptac serve (tests/e2e/browser.test.js): Debian's chromium driven by
# playwright-core from the lockfile. Installs nothing (scripts/install-deps does); when
# chromium, node or playwright-core is missing this is a SKIP, which fails under CI=true.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
missing=""
command -v node >/dev/null 2>&1 || missing+=" node"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=" chromium"
[ -f "$ROOT/node_modules/playwright-core/package.json" ] || missing+=" playwright-core (npm ci)"
if [ -n "$missing" ]; then
    echo "ok 1 - browser tests # SKIP missing:$missing; run scripts/install-deps"
    echo "1..1"
    exit 0
fi
cd "$ROOT" && exec node tests/e2e/browser.test.js
