#!/bin/bash
# Build the scanner's test images from a debootstrap minbase bookworm
# root file system, and cache them in $DSEC_IMAGE_CACHE (default
# /var/cache/dsec/images) under a key made of this script's hash and
# the content of the extra layer directories.
#
# Usage: tests/images/build.sh [--config FILE] [EXTRA_LAYER_DIR...]
#   Each EXTRA_LAYER_DIR is packed as one more layer on top, in the
#   order given (whiteout files .wh.<name> work as in any layer).
#   --config FILE is a JSON object whose "config" members replace those
#   of the image config's "config" (User, Env, ExposedPorts ...) and
#   whose "history" entries are appended to the image history.
#
# Outputs, in $DSEC_IMAGE_CACHE/<key>/ (the last line printed is that
# directory):
#   docker.tar      legacy docker save, uncompressed layers
#   docker-gz.tar   legacy docker save, gzip-compressed layers
#   oci/            OCI image layout directory (gzip layers)
#   oci.tar         the same layout as a tar
# Layers: the base root file system, then a layer that adds
# /opt/dsec/added.txt, overrides /etc/issue, deletes /etc/issue.net with
# a whiteout and makes /var/cache/apt opaque, then the extra layers.
set -euo pipefail

script_dir=$(cd "$(dirname "$0")" && pwd)
cache=${DSEC_IMAGE_CACHE:-/var/cache/dsec/images}

if [ "$(id -u)" -ne 0 ]; then
	echo "build.sh: debootstrap needs root (try: sudo $0)" >&2
	exit 1
fi
config_file=
if [ "${1:-}" = --config ]; then
	[ -f "${2:-}" ] || { echo "build.sh: --config '${2:-}' is not a file" >&2; exit 1; }
	config_file=$(realpath "$2")
	shift 2
fi
for d in "$@"; do
	[ -d "$d" ] || { echo "build.sh: extra layer '$d' is not a directory" >&2; exit 1; }
done

key=$( {
	sha256sum "$script_dir/build.sh"
	[ -z "$config_file" ] || sha256sum <"$config_file"
	for d in "$@"; do
		(cd "$d" && find . -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum 2>/dev/null || true)
	done
} | sha256sum | cut -c1-16)
out=$cache/$key
if [ -e "$out/.done" ]; then
	echo "$out"
	exit 0
fi

mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
if [ -z "$mirror" ]; then
	echo "build.sh: cannot find the Debian mirror in /etc/apt/sources.list.d/debian.sources" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dsec-images.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The base root file system is cached on its own: it is the slow part.
base=$cache/rootfs-bookworm.tar
if [ ! -e "$base" ]; then
	mkdir -p "$cache"
	echo "build.sh: debootstrap minbase bookworm from $mirror" >&2
	debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
	tar --sort=name --numeric-owner -C "$work/rootfs" -cf "$base.tmp" .
	mv "$base.tmp" "$base"
	rm -rf "$work/rootfs"
fi

mkdir -p "$work/layers"
cp "$base" "$work/layers/00-base.tar"

change=$work/change
mkdir -p "$change/opt/dsec" "$change/etc" "$change/var/cache/apt"
echo "added by the change layer" >"$change/opt/dsec/added.txt"
echo "dsec test image \\n \\l" >"$change/etc/issue"
: >"$change/etc/.wh.issue.net"
: >"$change/var/cache/apt/.wh..wh..opq"
tar --sort=name --numeric-owner --owner=0 --group=0 -C "$change" -cf "$work/layers/01-change.tar" .

i=2
for d in "$@"; do
	tar --sort=name --numeric-owner -C "$d" -cf "$work/layers/$(printf '%02d' $i)-extra.tar" .
	i=$((i + 1))
done

mkdir -p "$out.tmp"
python3 - "$work/layers" "$out.tmp" "$config_file" <<'PY'
import gzip, hashlib, json, os, shutil, sys, tarfile

layer_dir, out, config_file = sys.argv[1], sys.argv[2], sys.argv[3]
layers = sorted(os.path.join(layer_dir, n) for n in os.listdir(layer_dir))

def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

diff_ids = [sha_file(p) for p in layers]
gz = []
for p in layers:
    g = p + ".gz"
    with open(p, "rb") as src, open(g, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    gz.append(g)

image_config = {
    "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
               "Cmd": ["bash"], "WorkingDir": "/"},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in diff_ids]},
    "history": [{"created_by": "debootstrap --variant=minbase bookworm"},
                {"created_by": "tests/images/build.sh change layer"}] +
               [{"created_by": "extra layer"} for _ in layers[2:]],
}
if config_file:
    with open(config_file) as f:
        extra = json.load(f)
    image_config["config"].update(extra.get("config", {}))
    image_config["history"] += extra.get("history", [])
config = json.dumps(image_config, sort_keys=True).encode()
config_hex = hashlib.sha256(config).hexdigest()
tag = "dsec-test/debootstrap:bookworm"

def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    import io
    t.addfile(info, io.BytesIO(data))

def docker_save(path, blobs):
    names = []
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for i, b in enumerate(blobs):
            name = "%s/layer.tar" % diff_ids[i]
            t.add(b, arcname=name)
            names.append(name)
        add_bytes(t, config_hex + ".json", config)
        add_bytes(t, "manifest.json", json.dumps(
            [{"Config": config_hex + ".json", "RepoTags": [tag], "Layers": names}]).encode())
        add_bytes(t, "repositories", json.dumps(
            {tag.split(":")[0]: {"bookworm": diff_ids[-1]}}).encode())

docker_save(os.path.join(out, "docker.tar"), layers)
docker_save(os.path.join(out, "docker-gz.tar"), gz)

oci = os.path.join(out, "oci")
blobs = os.path.join(oci, "blobs", "sha256")
os.makedirs(blobs)
def put_blob(data=None, path=None):
    if path:
        hexd = sha_file(path)
        shutil.copyfile(path, os.path.join(blobs, hexd))
        return hexd, os.path.getsize(path)
    hexd = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, hexd), "wb") as f:
        f.write(data)
    return hexd, len(data)
cfg_hex, cfg_size = put_blob(config)
layer_descs = []
for g in gz:
    h, s = put_blob(path=g)
    layer_descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": "sha256:" + h, "size": s})
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": "sha256:" + cfg_hex, "size": cfg_size},
    "layers": layer_descs}).encode()
m_hex, m_size = put_blob(manifest)
with open(os.path.join(oci, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + m_hex, "size": m_size,
        "annotations": {"org.opencontainers.image.ref.name": "bookworm",
                        "io.containerd.image.name": tag},
        "platform": {"os": "linux", "architecture": "amd64"}}]}, f)
with open(os.path.join(oci, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
with tarfile.open(os.path.join(out, "oci.tar"), "w", format=tarfile.PAX_FORMAT) as t:
    for name in ["oci-layout", "index.json"] + ["blobs/sha256/" + n for n in sorted(os.listdir(blobs))]:
        t.add(os.path.join(oci, name), arcname=name)
PY

rm -rf "$out"
mv "$out.tmp" "$out"
touch "$out/.done"
echo "$out"
