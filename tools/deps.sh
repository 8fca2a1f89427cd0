#!/bin/sh
# Check that the programs hwan needs are installed; `make deps` runs this.
#
#   sh tools/deps.sh [--no-update] [--check]
#
# Quiet when everything is there. Otherwise, as root, install the missing
# Debian 12 packages (after `apt-get update`, unless --no-update says that the
# caller has just done it); as anyone else, print the command that would, and
# exit 1. --check adds what only the tests need (`make check` passes it):
# chromium, in which a test draws a trace with `hwan view`.

set -eu

# mke2fs, e2fsck and debugfs live in /usr/sbin, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

# Each program, then the Debian package that provides it.
NEEDED="
qemu-system-x86_64 qemu-system-x86
mke2fs e2fsprogs
e2fsck e2fsprogs
debugfs e2fsprogs
gcc gcc
make make
ld binutils
objcopy binutils
addr2line binutils
python3 python3
tmux tmux
"

# Only for the tests (--check).
CHECK_NEEDED="
chromium chromium
"

# missing_packages: print the packages of the missing programs, one per line, once each.
missing_packages() {
    printf '%s\n%s\n' "$NEEDED" "$extra" | while read -r program package; do
        if [ -n "$program" ] && ! command -v "$program" >/dev/null 2>&1; then
            echo "$package"
        fi
    done | sort -u
}

# missing_list: the same packages on one line, separated by spaces.
missing_list() {
    missing_packages | tr '\n' ' ' | sed 's/ $//'
}

# install PACKAGES...: install them with apt-get, without questions.
install() {
    echo "deps: installing $*"
    if [ "$update" = yes ]; then
        apt-get update -q
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

update=yes
extra=""
for arg in "$@"; do
    case "$arg" in
    --no-update) update=no ;;
    --check) extra="$CHECK_NEEDED" ;;
    *) echo "deps: unknown option $arg" >&2; exit 2 ;;
    esac
done

packages=$(missing_list)
if [ -z "$packages" ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    # shellcheck disable=SC2086 # one word per package
    install $packages
    still=$(missing_list)
    if [ -n "$still" ]; then
        echo "deps: still missing after installing: $still" >&2
        exit 1
    fi
else
    echo "deps: missing programs; install them with:" >&2
    echo "  sudo apt-get install -y $packages" >&2
    exit 1
fi
