#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write COUNT generated OSV records into one zip, as OSV's exports are.

Usage: gen-osv.py COUNT OUT.zip

The records follow the shapes of real OSV data. Half are Debian
advisories with an ECOSYSTEM range and a versions[] list, a quarter are
npm advisories with a SEMVER range and a CVSS v3 vector, and the rest
are PyPI and Maven advisories with ECOSYSTEM ranges. Identifiers, names
and versions come from a PRNG with a fixed seed, so the same COUNT gives
the same zip.
"""
import json
import random
import sys
import zipfile

DEBIAN_NAMES = [
    "apt", "bash", "coreutils", "dpkg", "gnupg2", "glibc", "gzip", "libxml2",
    "openssl", "perl", "systemd", "tar", "util-linux", "xz-utils", "zlib",
    "curl", "expat", "krb5", "ncurses", "pam", "shadow", "sqlite3", "libgcrypt20",
]
VECTORS = [
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N",
    "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
]


def version(rng, parts=3):
    return ".".join(str(rng.randint(0, 20)) for _ in range(parts))


def details(rng, name):
    words = ("buffer overflow in the parser allows remote attackers to cause a "
             "denial of service or execute code via crafted input when the "
             "option is enabled and the length check is bypassed").split()
    return "%s: %s." % (name, " ".join(rng.choice(words) for _ in range(rng.randint(20, 60))))


def record(rng, i):
    cve = "CVE-%d-%05d" % (2015 + i % 11, i)
    kind = i % 20
    if kind < 10:
        name = DEBIAN_NAMES[i % len(DEBIAN_NAMES)] if i % 3 else "lib-bench-%d" % (i % 4000)
        fixed = "%s-%d+deb12u%d" % (version(rng), rng.randint(1, 9), rng.randint(1, 5))
        rec_id = "DEBIAN-%s" % cve if kind % 2 else "DLA-%d-1" % (1000 + i)
        affected = [{
            "package": {"name": name, "ecosystem": "Debian:%d" % (11 + i % 2),
                        "purl": "pkg:deb/debian/%s?arch=source" % name},
            "ranges": [{"type": "ECOSYSTEM",
                        "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            "versions": ["%s-%d" % (version(rng), n) for n in range(rng.randint(1, 8))],
        }]
        extra = {"upstream": [cve]}
    elif kind < 15:
        name = "bench-npm-%d" % (i % 9000)
        intro, fixed = version(rng), version(rng)
        rec_id = "GHSA-%04x-%04x-%04x" % (i & 0xffff, (i * 7) & 0xffff, (i * 13) & 0xffff)
        affected = [{
            "package": {"name": name, "ecosystem": "npm", "purl": "pkg:npm/%s" % name},
            "ranges": [{"type": "SEMVER",
                        "events": [{"introduced": intro}, {"fixed": fixed}]}],
        }]
        extra = {"aliases": [cve],
                 "severity": [{"type": "CVSS_V3", "score": rng.choice(VECTORS)}]}
    elif kind < 18:
        name = "bench-py-%d" % (i % 5000)
        rec_id = "PYSEC-%d-%d" % (2015 + i % 11, i)
        affected = [{
            "package": {"name": name, "ecosystem": "PyPI", "purl": "pkg:pypi/%s" % name},
            "ranges": [{"type": "ECOSYSTEM",
                        "events": [{"introduced": "0"}, {"fixed": version(rng)}]}],
            "versions": [version(rng) for _ in range(rng.randint(1, 12))],
        }]
        extra = {"aliases": [cve]}
    else:
        name = "org.bench:artifact-%d" % (i % 3000)
        rec_id = "GHSA-m%03x-%04x-%04x" % (i & 0xfff, (i * 3) & 0xffff, (i * 5) & 0xffff)
        affected = [{
            "package": {"name": name, "ecosystem": "Maven",
                        "purl": "pkg:maven/%s" % name.replace(":", "/")},
            "ranges": [{"type": "ECOSYSTEM",
                        "events": [{"introduced": version(rng)}, {"fixed": version(rng)}]}],
        }]
        extra = {"aliases": [cve]}
    rec = {
        "schema_version": "1.7.3",
        "id": rec_id,
        "published": "2024-01-01T00:00:00Z",
        "modified": "2025-06-01T00:00:00Z",
        "summary": "%s: generated benchmark advisory %d" % (name, i),
        "details": details(rng, name),
        "affected": affected,
        "references": [{"type": "ADVISORY", "url": "https://example.org/advisories/%s" % rec_id}],
    }
    rec.update(extra)
    return rec


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-osv.py COUNT OUT.zip")
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(0x6f7376)
    seen = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(count):
            rec = record(rng, i)
            if rec["id"] in seen:
                rec["id"] += "-%d" % i
            seen.add(rec["id"])
            z.writestr(rec["id"] + ".json", json.dumps(rec, indent=1))


if __name__ == "__main__":
    main()
