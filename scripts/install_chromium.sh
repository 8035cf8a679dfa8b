#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/e2e), which drive it through
# Playwright's Python API; Playwright's own browser builds are never downloaded
# (`playwright install` is not used). Nothing is done when /usr/bin/chromium (or
# $QASID_CHROMIUM) exists or QASID_SKIP_BROWSER=1. Root installs directly, anyone else
# through sudo. If the install fails, the browser tests fail with the reason.
set -uo pipefail
if [ -x "${QASID_CHROMIUM:-/usr/bin/chromium}" ] || [ "${QASID_SKIP_BROWSER:-}" = 1 ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then as_root=(sudo -n); fi
if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
         --no-install-recommends chromium >/dev/null; }; then
  echo "warning: could not install Debian's chromium; the browser tests will fail" >&2
fi
exit 0
