#!/usr/bin/env bash
# Proves docker-compose.yml well-formed with a real compose implementation, without a Docker
# engine: `docker compose config -q` (v2 plugin) when present, else Debian's `docker-compose`
# (1.29, installed here when missing and apt-get can). Checks both the default services and
# the `monitoring` profile. Exit 0 when valid; non-zero with compose's message otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
else
    sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi
    echo "validate-compose: installing Debian's docker-compose…"
    # an installation problem (no apt, no network) is not a defect of the compose file: say so and skip
    if ! command -v apt-get >/dev/null 2>&1 \
        || ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq update >/dev/null 2>&1 \
        || ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends docker-compose >/dev/null 2>&1; then
        echo "validate-compose: could not install docker-compose; compose validation SKIPPED (the manifest tests still run)"
        exit 0
    fi
    compose=(docker-compose)
fi

"${compose[@]}" -f docker-compose.yml config -q
"${compose[@]}" -f docker-compose.yml --profile monitoring config -q
echo "validate-compose: docker-compose.yml is valid ($("${compose[@]}" version --short 2>/dev/null || echo "${compose[*]}"))"
