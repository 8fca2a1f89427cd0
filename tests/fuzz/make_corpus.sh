#!/bin/sh
# Rebuilds the fuzzer's seed corpus (tests/fuzz/corpus/*.img): small real
# ext2 images, 1 KiB blocks, 64 KiB to 512 KiB, made by mke2fs -d from staging
# trees with files (small, sparse, several blocks, with an extended-attribute
# block), directories, fast and slow symlinks, long names, a hashed directory
# (indexed-128k) and two block groups (groups-512k).  Every image must pass
# e2fsck -fn.  Each file is the raw image with its all-zero tail cut off (the
# fuzzer pads the device with zeros to 512 KiB), so the corpus stays small and
# mutations land on the bytes that matter.
#
#   sh tests/fuzz/make_corpus.sh
set -eu
PATH="$PATH:/usr/sbin:/sbin"
out="$(cd "$(dirname "$0")" && pwd)/corpus"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

small="$tmp/small"
mkdir -p "$small/d"
echo hi >"$small/a"
ln -s a "$small/l"
echo x >"$small/d/f"

tree="$tmp/tree"
mkdir -p "$tree/d/e" "$tree/many"
echo hello >"$tree/a"
head -c 3000 /dev/urandom >"$tree/b"
ln -s a "$tree/l"
ln -s d/e/../../a "$tree/l2"
ln -s "d/./././././././././././././././././././././././././././e/f" "$tree/slow"
echo deep >"$tree/d/e/f"
truncate -s 300000 "$tree/sp"
echo x >>"$tree/sp"
for i in $(seq 1 40); do echo "$i" >"$tree/many/a_rather_long_file_name_$i"; done

# mk NAME SIZE MKE2FS-OPTIONS...: builds corpus/NAME.img.
mk() {
    name=$1 size=$2
    shift 2
    img="$out/$name.img"
    rm -f "$img"
    truncate -s "$size" "$img"
    mke2fs -q -F -t ext2 -b 1024 "$@" "$img" >/dev/null
}

mkdir -p "$out"
mk empty-64k 64K -N 32
mk small-64k 64K -N 32 -d "$small"
mk noresize-64k 64K -N 32 -O ^resize_inode -d "$small"
mk tree-128k 128K -N 64 -d "$tree"
mk rev0-128k 128K -N 64 -r 0 -d "$tree"
mk plain-128k 128K -N 64 -I 128 -O none -d "$tree"
mk indexed-128k 128K -N 64 -d "$tree"
e2fsck -fyD "$out/indexed-128k.img" >/dev/null 2>&1 || true
mk groups-512k 512K -N 64 -g 256 -d "$small"
head -c 600 /dev/zero | tr '\0' v >"$tmp/value"
debugfs -w -R "ea_set -f $tmp/value /a user.big" "$out/tree-128k.img" >/dev/null 2>&1
for img in "$out"/*.img; do
    e2fsck -fn "$img" >/dev/null 2>&1 || { echo "$img: e2fsck is not clean" >&2; exit 1; }
    # Cut the all-zero tail (whole 512-byte sectors).
    python3 - "$img" <<'PY'
import sys
path = sys.argv[1]
data = open(path, "rb").read()
end = len(data.rstrip(b"\0"))
end = (end + 511) // 512 * 512
open(path, "wb").write(data[:end])
PY
done
