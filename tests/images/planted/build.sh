#!/bin/bash
# Build the planted test image: the debootstrap image of
# tests/images/build.sh with the layer and config made by generate.sh.
# Prints two lines: the planted directory (expected.env is there), then
# the image directory (docker.tar, docker-gz.tar, oci/, oci.tar).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
planted=$("$here/generate.sh" | tail -n1)
image=$("$here/../build.sh" --config "$planted/config.json" "$planted/layer" | tail -n1)
echo "$planted"
echo "$image"
