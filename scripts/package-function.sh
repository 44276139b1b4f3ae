#!/usr/bin/env bash
# Builds the function's Lambda package into a folder: the Native AOT bootstrap, libsodium.so beside it, and the
# app-local ICU libraries that scripts/build-icu.sh makes. `make package` zips that folder, and `sam build`
# runs this script through the Makefile's build-CreateUserFunction target.
#
# Usage: scripts/package-function.sh OUTPUT_DIR
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
output=${1:?usage: scripts/package-function.sh OUTPUT_DIR}
# Only x86_64: cross-building linux-arm64 needs an arm64 sysroot and an arm64 ICU build (see docs/deploy.md).
runtime=linux-x64

source "$repo/scripts/prerequisites.sh"
require_dotnet
require_command gcc-11 gcc-11 "compiling ICU against Amazon Linux 2023's glibc"
require_command g++-11 g++-11 "compiling ICU against Amazon Linux 2023's glibc"
require_command dpkg-source dpkg-dev "unpacking Debian's ICU source package"
require_command strip binutils "stripping the ICU libraries"

icu=$("$repo/scripts/build-icu.sh" | tail -n 1)
icu_version=$(cat "$icu/icu-version")

# A build tree of its own, so this publish (with app-local ICU) never shares obj/ or bin/ with a plain build
# or publish of the same projects, which may run at the same time.
build=$repo/artifacts/package-build
echo "Publishing the Native AOT bootstrap for $runtime..." >&2
dotnet publish "$repo/src/Signup.Function" -c Release -r "$runtime" -p:PublishAot=true \
    -p:AppLocalIcuVersion="$icu_version" --artifacts-path "$build" -o "$build/publish" -nologo >&2

mkdir -p "$output"
rm -f "$output/bootstrap" "$output"/*.so "$output"/*.so.*
cp "$build/publish/bootstrap" "$build/publish/libsodium.so" "$output/"
cp "$icu/libicudata.so.$icu_version" "$icu/libicuuc.so.$icu_version" "$icu/libicui18n.so.$icu_version" "$output/"
echo "Package contents are in $output" >&2
