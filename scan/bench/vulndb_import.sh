#!/bin/bash
# Benchmark: import N generated OSV records (default 50000) packed as an
# OSV export zip into a fresh database and print the time it took.
# Usage: scan/bench/vulndb_import.sh [N]   (run from the repository root
# after `make ctl`). The records mimic Debian and npm advisories: one to
# three affected entries, two ranges each, a CVSS v3 vector and aliases.
set -euo pipefail

n=${1:-50000}
dir=$(mktemp -d /tmp/dsec-bench-vulndb.XXXXXX)
trap 'rm -rf "$dir"' EXIT

python3 - "$n" "$dir/all.zip" <<'PY'
import json, random, sys, zipfile
n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(n):
        affected = []
        for k in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                eco, name = "Debian:%d" % rng.choice((11, 12, 13)), "pkg%d" % rng.randint(0, 5000)
                fixed = "%d.%d-%d+deb12u%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(1, 5), rng.randint(1, 9))
            else:
                eco, name = "npm", "module-%d" % rng.randint(0, 20000)
                fixed = "%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 30))
            affected.append({"package": {"ecosystem": eco, "name": name},
                             "ranges": [{"type": "ECOSYSTEM" if eco != "npm" else "SEMVER",
                                         "events": [{"introduced": "0"}, {"fixed": fixed}]},
                                        {"type": "GIT", "repo": "https://example.invalid/r",
                                         "events": [{"introduced": "0"}, {"fixed": "%040x" % i}]}]})
        rec = {"schema_version": "1.6.0", "id": "BENCH-%06d" % i,
               "modified": "2024-01-01T00:00:00Z", "published": "2023-01-01T00:00:00Z",
               "aliases": ["CVE-2024-%05d" % i], "summary": "generated record %d" % i,
               "details": "x" * rng.randint(100, 1500),
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
               "affected": affected}
        z.writestr("BENCH-%06d.json" % i, json.dumps(rec))
PY

start=$(date +%s.%N)
time ctl/dsecctl db import "$dir/all.zip" --db "$dir/vuln.db"
end=$(date +%s.%N)
echo "vulndb import: $n records in $(echo "$end - $start" | bc) s ($(du -h "$dir/vuln.db" | cut -f1) database)"
