#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing and we may (root with apt-get).
# Never fails the build: the browser tests skip with a clear message where no browser is found.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "Could not install chromium: browser tests will be skipped."
else
  echo "No /usr/bin/chromium and no root apt-get: browser tests will be skipped."
fi
exit 0
