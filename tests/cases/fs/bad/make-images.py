#!/usr/bin/env python3
"""Builds the damaged ext2 images used by the tests in this folder.

Each image starts as a small, valid `mke2fs -t ext2 -b 1024` file system with a
few files, then one thing is broken on purpose.  Run from anywhere:
    python3 tests/cases/fs/bad/make-images.py
The images are committed; this script documents exactly how they were made.
"""
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE_KB = 256
SUPER = 1024  # byte offset of the superblock


def run(*cmd):
    """Runs CMD, failing loudly."""
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def base_image(path):
    """A valid image holding /hello.txt, /big.bin (indirect blocks) and /dir/x."""
    with tempfile.TemporaryDirectory() as stage:
        with open(os.path.join(stage, "hello.txt"), "w") as f:
            f.write("hello, world\n")
        with open(os.path.join(stage, "big.bin"), "wb") as f:
            f.write(bytes(i % 251 for i in range(40 * 1024)))
        os.mkdir(os.path.join(stage, "dir"))
        with open(os.path.join(stage, "dir", "x"), "w") as f:
            f.write("x\n")
        run("mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-d", stage, path, f"{SIZE_KB}k")


def patch(path, offset, fmt, value):
    """Writes VALUE packed as FMT (little-endian) at OFFSET of PATH."""
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(struct.pack("<" + fmt, value))


def debugfs(path, request):
    """Runs one debugfs request on PATH, writable; returns its output."""
    out = subprocess.run(["debugfs", "-w", "-R", request, path], check=True,
                         capture_output=True, text=True)
    return out.stdout


def first_block(path, name):
    """The first data block of file NAME."""
    out = subprocess.run(["debugfs", "-R", f"bmap {name} 0", path], check=True,
                         capture_output=True, text=True)
    return int(out.stdout.split()[0])


def make(name, damage):
    """Builds image NAME.img and applies DAMAGE(path) to it."""
    path = os.path.join(HERE, name + ".img")
    base_image(path)
    damage(path)


def main():
    make("not-ext2", lambda p: patch(p, SUPER + 56, "H", 0x1234))
    make("bad-block-size", lambda p: patch(p, SUPER + 24, "I", 20))
    make("bad-blocks-per-group", lambda p: patch(p, SUPER + 32, "I", 0))
    make("bad-block-count", lambda p: patch(p, SUPER + 4, "I", 0x7fffffff))
    make("bad-dirent", lambda p: patch(p, first_block(p, "/") * 1024 + 4, "H", 3))
    make("block-beyond-device", lambda p: debugfs(p, "sif /hello.txt block[0] 9999999"))
    make("indirect-garbage", lambda p: debugfs(
        p, f"sif /big.bin block[IND] {first_block(p, '/big.bin')}"))
    make("inode-out-of-range", lambda p: patch(
        p, first_block(p, "/dir") * 1024 + 12 + 12 + 0, "I", 0x7ffffff0))


if __name__ == "__main__":
    main()
