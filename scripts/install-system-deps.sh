#!/usr/bin/env bash
# System packages the test suite uses beyond the Python venv: Debian's headless Chromium, to
# render `govtext predict --format html` pages, and a Java runtime (17 or newer) for the local
# Spark session of tests/test_spark.py. Idempotent: installs only what is missing.
# Without apt-get (not Debian), without root, or when apt-get fails, it warns and exits 0 on a
# person's machine (the tests that need the missing package then skip with their reason), but
# exits 1 under CI (CI=true): there those tests must run, and a skip would hide that they did not.
set -euo pipefail

give_up() {
    echo "install-system-deps: WARNING: $1" >&2
    if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
        echo "install-system-deps: ERROR: CI=true: the Chromium and Spark tests must run here; install ${missing[*]} first." >&2
        exit 1
    fi
    exit 0
}

# fonts-dejavu-core: glyphs for Vietnamese, so a screenshot of the page is readable.
PACKAGES=(chromium fonts-dejavu-core)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

# Spark 4 runs on Java 17+. Any such `java` on PATH will do (a JDK, another vendor's build);
# otherwise Debian's default headless JRE (OpenJDK 17 on Debian 12, 21 on Debian 13).
java_major() {
    if command -v java >/dev/null 2>&1; then
        java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
    fi
}
java_ok() {
    local major
    major="$(java_major)"
    [ -n "$major" ] && [ "$major" -ge 17 ]
}
if ! java_ok; then
    missing+=(default-jre-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-system-deps: ${PACKAGES[*]} and Java $(java_major) already installed; nothing to do."
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    give_up "apt-get not found; install ${missing[*]} yourself (the HTML rendering and Spark tests will be skipped)."
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        give_up "not root and no password-less sudo; run 'apt-get install -y ${missing[*]}' as root (the tests that need them will be skipped)."
    fi
fi
# A failed install (no network, a locked dpkg) gives up as above: a warning on a person's
# machine (the tests that need the package then skip with their reason), an error under CI.
echo "install-system-deps: apt-get update"
if ! "${SUDO[@]}" apt-get update -qq; then
    give_up "apt-get update failed; ${missing[*]} not installed."
fi
echo "install-system-deps: apt-get install -y --no-install-recommends ${missing[*]}"
if ! DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    give_up "apt-get install failed; ${missing[*]} not installed."
fi
echo "install-system-deps: done ($(command -v chromium || echo 'chromium not on PATH'); java $(java_major))."
