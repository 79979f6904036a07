#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build the scanner benchmark image as docker save archives.

Usage: build-image.py ROOTFS_TAR SIZE_MB OUT_DIR

Layers, bottom first:
  00 the debootstrap minbase bookworm root file system (ROOTFS_TAR)
  01 binaries: the root file system's ELF files copied under /opt/bench/bin,
     each with a few random bytes appended so no two are identical
  02 text: files of 4 KiB to 512 KiB made of line ranges of the root file
     system's text files (perl modules, docs, scripts)
  03 small files: 256 B to 4 KiB config-like files in a deep tree
  04 data: incompressible random files (media, archives)
  05 update: rewrites some files of layers 01-03, deletes others with
     whiteouts, makes one directory opaque and plants two secrets
Layers 01-04 share SIZE_MB minus the root file system's size in the ratio
30:35:20:15. The content is drawn from a PRNG with a fixed seed, so the
same ROOTFS_TAR and SIZE_MB give the same image.

Outputs in OUT_DIR:
  docker-gz.tar   legacy docker save, gzip -6 layers
  docker-zst.tar  the same image with zstd -3 layers
  layers/NN.tar.gz, layers/NN.tar.zst   the compressed layer blobs, for
                  timing zcat and zstdcat on exactly the same bytes
  image.json      layer sizes, digests and the planted secrets
"""
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile

MTIME = 1704067200  # 2024-01-01T00:00:00Z, so archives are reproducible

# Planted secrets: an AWS access key id and an RSA private key header with
# a body. Both are made up, not real credentials.
AWS_KEY_ID = "AKIA" + "Q7LMNZ3RT5XW2PBV"
AWS_SECRET = "wJ8rXUtnFEMI/K7MDENG/bPxRfiCYzq3Lm9Tk2Vd"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class LayerWriter:
    """An uncompressed layer tar with fixed owners and times."""

    def __init__(self, path):
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)
        self.dirs = set()
        self.bytes = 0

    def _dir(self, path):
        parts = path.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d in self.dirs:
                continue
            self.dirs.add(d)
            info = tarfile.TarInfo(d)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            info.mtime = MTIME
            self.tar.addfile(info)

    def add(self, path, data, mode=0o644):
        self._dir(path)
        info = tarfile.TarInfo(path.strip("/"))
        info.size = len(data)
        info.mode = mode
        info.mtime = MTIME
        self.tar.addfile(info, io.BytesIO(data))
        self.bytes += len(data)

    def close(self):
        self.tar.close()


def load_pools(rootfs):
    """ELF files and text lines of the root file system."""
    elves, lines = [], []
    text_ext = (".pm", ".pl", ".txt", ".conf", ".py", ".sh", ".h", ".md")
    with tarfile.open(rootfs) as t:
        for m in t:
            if not m.isfile() or m.size == 0:
                continue
            data = t.extractfile(m).read()
            if data[:4] == b"\x7fELF":
                elves.append((os.path.basename(m.name), data))
            elif m.name.endswith(text_ext) or "/doc/" in m.name:
                if b"\0" not in data[:1024]:
                    lines.extend(data.splitlines(keepends=True))
    if not elves or not lines:
        sys.exit("build-image.py: %s holds no ELF or text files" % rootfs)
    return elves, lines


def text_blob(rng, lines, size):
    out, n = [], 0
    while n < size:
        start = rng.randrange(len(lines))
        chunk = b"".join(lines[start:start + rng.randint(20, 400)])
        out.append(chunk)
        n += len(chunk)
    return b"".join(out)[:size]


def layer_binaries(w, rng, elves, budget):
    i = 0
    while w.bytes < budget:
        name, data = elves[i % len(elves)]
        w.add("opt/bench/bin/%04d/%04d-%s" % (i // len(elves), i % len(elves), name),
              data + rng.randbytes(16), 0o755)
        i += 1


def layer_text(w, rng, lines, budget):
    i = 0
    while w.bytes < budget:
        size = int(rng.lognormvariate(10.5, 1.2))
        size = max(4096, min(size, 512 << 10))
        w.add("srv/bench/text/%03d/doc%05d.txt" % (i % 200, i),
              text_blob(rng, lines, size))
        i += 1


def layer_small(w, rng, lines, budget):
    i = 0
    while w.bytes < budget:
        size = rng.randint(256, 4096)
        path = "etc/bench/d%02d/s%02d/t%02d/f%06d.conf" % (
            i % 37, i % 23, i % 11, i)
        w.add(path, text_blob(rng, lines, size))
        i += 1


def layer_data(w, rng, budget):
    i = 0
    while w.bytes < budget:
        size = rng.randint(256 << 10, 8 << 20)
        w.add("var/lib/bench/data/blob%04d.bin" % i, rng.randbytes(size))
        i += 1


def layer_update(w, rng, lines):
    # Rewrites: the same paths as in lower layers, new content.
    for i in range(0, 2000, 7):
        w.add("srv/bench/text/%03d/doc%05d.txt" % (i % 200, i),
              text_blob(rng, lines, 8192))
    # Whiteouts of single files and an opaque directory.
    for i in range(1, 2000, 7):
        w.add("srv/bench/text/%03d/.wh.doc%05d.txt" % (i % 200, i), b"")
    w.add("etc/bench/d00/s00/.wh..wh..opq", b"")
    w.add("usr/share/doc/.wh.perl", b"")
    # Planted secrets, which both scanners are expected to report.
    w.add("srv/app/config/credentials.ini",
          ("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
           % (AWS_KEY_ID, AWS_SECRET)).encode())
    key_body = "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        for _ in range(64 * 25))
    pem = "-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----\n" % (
        "\n".join(key_body[i:i + 64] for i in range(0, len(key_body), 64)))
    w.add("root/.ssh/id_rsa", pem.encode(), 0o600)


def compress(layer_paths, out_layers):
    """gzip -6 and zstd -3 every layer, two processes at a time."""
    jobs = []
    for p in layer_paths:
        base = os.path.join(out_layers, os.path.basename(p))
        jobs.append(["sh", "-c", 'gzip -6 -n -c "$1" >"$2.gz"', "gzip", p, base])
        jobs.append(["sh", "-c", 'zstd -3 -q -c "$1" >"$2.zst"', "zstd", p, base])
    running = []
    for j in jobs:
        running.append(subprocess.Popen(j))
        if len(running) == 2:
            if running.pop(0).wait():
                sys.exit("build-image.py: compression failed")
    for r in running:
        if r.wait():
            sys.exit("build-image.py: compression failed")


def docker_save(path, blobs, diff_ids, history):
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                   "Cmd": ["bash"], "WorkingDir": "/", "User": "1000"},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in diff_ids]},
        "history": [{"created_by": h} for h in history],
    }, sort_keys=True).encode()
    config_hex = hashlib.sha256(config).hexdigest()
    tag = "dsec-bench/scan:latest"
    names = []
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for i, b in enumerate(blobs):
            name = "%s/layer.tar" % diff_ids[i]
            info = t.gettarinfo(b, arcname=name)
            info.mtime = MTIME
            with open(b, "rb") as f:
                t.addfile(info, f)
            names.append(name)
        for name, data in ((config_hex + ".json", config),
                           ("manifest.json", json.dumps([{
                               "Config": config_hex + ".json",
                               "RepoTags": [tag], "Layers": names}]).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = MTIME
            t.addfile(info, io.BytesIO(data))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: build-image.py ROOTFS_TAR SIZE_MB OUT_DIR")
    rootfs, size_mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rootfs_size = os.path.getsize(rootfs)
    budget = size_mb * 1000 * 1000 - rootfs_size
    if budget < 50 * 1000 * 1000:
        sys.exit("build-image.py: SIZE_MB %d leaves less than 50 MB above the "
                 "%d MB root file system; give a larger size" %
                 (size_mb, rootfs_size // 1000000))

    rng = random.Random(0x64736563)
    elves, lines = load_pools(rootfs)
    raw = os.path.join(out, "raw")
    os.makedirs(raw)
    os.makedirs(os.path.join(out, "layers"))

    steps = [
        ("binaries", lambda w: layer_binaries(w, rng, elves, budget * 30 // 100)),
        ("text", lambda w: layer_text(w, rng, lines, budget * 35 // 100)),
        ("small files", lambda w: layer_small(w, rng, lines, budget * 20 // 100)),
        ("data", lambda w: layer_data(w, rng, budget * 15 // 100)),
        ("update", lambda w: layer_update(w, rng, lines)),
    ]
    paths = [os.path.join(raw, "00.tar")]
    subprocess.check_call(["cp", rootfs, paths[0]])
    history = ["debootstrap --variant=minbase bookworm"]
    for i, (what, fill) in enumerate(steps, 1):
        p = os.path.join(raw, "%02d.tar" % i)
        w = LayerWriter(p)
        fill(w)
        w.close()
        paths.append(p)
        history.append("scan/bench/build-image.py %s layer" % what)
        print("build-image.py: layer %02d %s: %d MB" %
              (i, what, os.path.getsize(p) // 1000000), file=sys.stderr)

    diff_ids = [sha256_file(p) for p in paths]
    compress(paths, os.path.join(out, "layers"))
    gz = [os.path.join(out, "layers", os.path.basename(p) + ".gz") for p in paths]
    zst = [os.path.join(out, "layers", os.path.basename(p) + ".zst") for p in paths]
    docker_save(os.path.join(out, "docker-gz.tar"), gz, diff_ids, history)
    docker_save(os.path.join(out, "docker-zst.tar"), zst, diff_ids, history)

    info = {
        "size_mb": size_mb,
        "uncompressed_bytes": sum(os.path.getsize(p) for p in paths),
        "gzip_bytes": sum(os.path.getsize(p) for p in gz),
        "zstd_bytes": sum(os.path.getsize(p) for p in zst),
        "layers": len(paths),
        "planted_secrets": ["/srv/app/config/credentials.ini", "/root/.ssh/id_rsa"],
    }
    with open(os.path.join(out, "image.json"), "w") as f:
        json.dump(info, f, indent=1)
    for p in paths:
        os.unlink(p)
    os.rmdir(raw)


if __name__ == "__main__":
    main()
