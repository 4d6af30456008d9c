#!/usr/bin/env bash
# Builds the base image debian:bookworm-slim without any container registry:
# debootstrap fetches Debian's packages (its default mirror, or the one given as $1),
# and `docker import` turns the root file system into an image.
# For classrooms (and CI machines) that can reach Debian's packages but no registry.
set -euo pipefail

image="${BASE_IMAGE:-debian:bookworm-slim}"
mirror="${1:-}"

if docker image inspect "$image" >/dev/null 2>&1 && [ "${FORCE:-0}" != 1 ]; then
  echo "$image is already present (FORCE=1 rebuilds it)"
  exit 0
fi
if ! command -v debootstrap >/dev/null; then
  echo "debootstrap is missing: install it first (Debian/Ubuntu: apt-get install -y debootstrap)" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "debootstrap needs root: run this script with sudo" >&2
  exit 1
fi

root=$(mktemp -d /tmp/lab-base.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "debootstrap --variant=minbase bookworm into $root ..."
# shellcheck disable=SC2086  # an empty mirror means debootstrap's default
debootstrap --variant=minbase bookworm "$root" $mirror >"$root.log" 2>&1 || {
  tail -n 30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"
# Keep the image small, as the registry's slim image is: no apt lists, no docs.
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/cache/apt/*.bin

tar -C "$root" -c . | docker import - "$image" >/dev/null
echo "built $image ($(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec))"
