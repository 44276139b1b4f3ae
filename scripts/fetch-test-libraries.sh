#!/usr/bin/env bash
# Fetches Debian 12's arm64 OpenSSL libraries, which the tests need to run the arm64 package under qemu-aarch64,
# and prints the folder that contains libssl.so.3 and libcrypto.so.3.
#
# .NET loads OpenSSL at run time (for the AWS SDK's request signing and for TLS). On Lambda the runtime's Amazon
# Linux 2023 provides it, and on an x86-64 test machine the system does, but Debian's arm64 cross C library
# (libc6-arm64-cross), which qemu-aarch64 runs the arm64 package against, has none.
#
# Usage: scripts/fetch-test-libraries.sh
# The result is kept under ${XDG_CACHE_HOME:-~/.cache}/signup-test-libraries and reused.
set -euo pipefail

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/signup-test-libraries
result=$cache_root/arm64
if [ -f "$result/complete" ]; then
    echo "$result"
    exit 0
fi

source "$(dirname "$0")/debian-archive.sh"
work=$cache_root/work
debian_archive_init "$work" arm64
rm -rf "$work/download" "$result"
mkdir -p "$work/download" "$result"
(
    cd "$work/download"
    apt-get "${apt_options[@]}" -qq download "libssl3:arm64=$(debian_candidate_version libssl3:arm64)" >&2
    dpkg-deb -x libssl3_*.deb "$work/download/binary"
)
cp "$work/download/binary/usr/lib/aarch64-linux-gnu/libssl.so.3" \
    "$work/download/binary/usr/lib/aarch64-linux-gnu/libcrypto.so.3" "$result/"
rm -rf "$work/download"
touch "$result/complete"
echo "$result"
