#!/bin/bash
# Prepare the demo on the host: build the demo image (Debian 12 minbase
# plus a planted miner and a setuid binary, running as root), scan it
# with the bundled demo OSV records, and generate its policy.
#
# Usage: tests/demo/prepare.sh [OUT_DIR]   (default build/demo)
#
# OUT_DIR then holds:
#   image.tar     the docker save archive that was scanned
#   report.json   dsecctl scan --format json, with the executable list
#   policy.yaml   dsecctl scan --exec-allowlist --emit-policy
#   rootfs/       the image's root file system, for the container
#   image-ref     the image reference the scan reported
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/demo}
dsecctl=$top/ctl/dsecctl

step() { printf '\n== %s\n' "$*"; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -x "$dsecctl" ] || { echo "prepare.sh: $dsecctl is missing; run 'make' first" >&2; exit 1; }
[ -d "$top/rules/osv-demo" ] ||
	{ echo "prepare.sh: rules/osv-demo (the bundled demo OSV records) is missing" >&2; exit 1; }

step "Planting a miner, a setuid binary and a root user in a Debian 12 image"
layer=$out/layer
rm -rf "$layer"
mkdir -p "$layer/usr/local/bin"
gcc -O2 -static -o "$layer/usr/local/bin/xmrig" "$top/tests/demo/fake-miner.c"
cp /usr/bin/id "$layer/usr/local/bin/suid-id"
chown 0:0 "$layer/usr/local/bin/suid-id" "$layer/usr/local/bin/xmrig"
chmod 4755 "$layer/usr/local/bin/suid-id"
# The image config has no User, so containers of it run as root.
images=$("$top/tests/images/build.sh" "$layer" | tail -n 1)
cp "$images/docker.tar" "$out/image.tar"
echo "image: $out/image.tar (a copy of $images/docker.tar)"

# The scan steps run in OUT_DIR and print each command before its
# output, so the transcript can be repeated by hand there.
cd "$out"
run() { echo "\$ dsecctl $*"; "$dsecctl" "$@"; }

step "Importing the bundled demo advisories (rules/osv-demo)"
rm -f vuln.db
run db import --db vuln.db "$top/rules/osv-demo"

step "Scanning the image (findings at HIGH and above)"
run scan --db vuln.db --severity HIGH --no-progress image.tar || true

step "Generating the policy from the findings"
# One scan writes the JSON report (with the executable list) and the
# policy; `policy from-scan` must generate the same policy from the
# report alone.
set +e
run scan --db vuln.db --no-progress --format json -o report.json \
	--exec-allowlist --emit-policy policy.yaml image.tar
status=$?
set -e
# Exit status 1 means findings at or above --fail-on; 2 and 3 are errors.
[ $status -le 1 ] || { echo "prepare.sh: scan failed with status $status" >&2; exit 1; }
run policy from-scan --exec-allowlist -o policy-from-report.yaml report.json
cmp -s policy.yaml policy-from-report.yaml ||
	{ echo "prepare.sh: 'policy from-scan report.json' differs from 'scan --emit-policy'" >&2; exit 1; }
echo "policy-from-report.yaml and policy.yaml are the same"
# The table above shows HIGH and above, but the policy uses every finding.
jq -r '.summary | "the policy is generated from all \(.findings) findings: " +
	([.by_severity | to_entries[] | select(.value > 0) | "\(.value) \(.key)"] | join(", "))' report.json
run check policy.yaml
jq -r '.image.ref // empty' report.json >image-ref
echo "\$ tests/demo/policy-summary.sh policy.yaml"
"$top/tests/demo/policy-summary.sh" policy.yaml

step "Unpacking the image's root file system for the container"
rm -rf "$out/rootfs"
mkdir -p "$out/rootfs"
tar -C "$out/rootfs" --numeric-owner -xpf "${DSEC_IMAGE_CACHE:-/var/cache/dsec/images}/rootfs-bookworm.tar"
cp -a "$layer"/. "$out/rootfs/"
echo "rootfs: $out/rootfs"
