#!/usr/bin/env bash
# Builds the function's Lambda package into a folder: the Native AOT bootstrap, libsodium.so beside it, and the
# app-local ICU libraries that scripts/build-icu.sh makes. `make package` zips that folder, and `sam build`
# runs this script through the Makefile's build-CreateUserFunction target.
#
# Usage: scripts/package-function.sh OUTPUT_DIR [x86_64|arm64]
#   The architecture must match the template's Architecture parameter. arm64 is cross-compiled: the bootstrap
#   with clang and Debian's aarch64 binutils and C library, ICU with Debian's aarch64 GCC 11.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
output=${1:?usage: scripts/package-function.sh OUTPUT_DIR [x86_64|arm64]}
architecture=${2:-x86_64}

source "$repo/scripts/prerequisites.sh"
require_dotnet
require_command dpkg-source dpkg-dev "unpacking Debian's ICU source package"
case $architecture in
    x86_64)
        runtime=linux-x64
        cross_options=()
        require_icu_build_tools
        ;;
    arm64)
        runtime=linux-arm64
        # Native AOT links a cross build with clang and the GNU linker of the target (LinkerFlavor bfd on Linux).
        cross_options=(-p:CppCompilerAndLinker=clang -p:ObjCopyName=aarch64-linux-gnu-objcopy)
        require_arm64_build_tools
        ;;
    *)
        echo "error: unknown architecture '$architecture'; use x86_64 or arm64." >&2
        exit 2
        ;;
esac

icu=$("$repo/scripts/build-icu.sh" "$architecture" | tail -n 1)
icu_version=$(cat "$icu/icu-version")

# A build tree of its own per architecture, so this publish (with app-local ICU) never shares obj/ or bin/ with
# a plain build or publish of the same projects, which may run at the same time.
build=$repo/artifacts/package-build/$architecture
echo "Publishing the Native AOT bootstrap for $runtime..." >&2
dotnet publish "$repo/src/Signup.Function" -c Release -r "$runtime" -p:PublishAot=true \
    -p:AppLocalIcuVersion="$icu_version" "${cross_options[@]}" --artifacts-path "$build" -o "$build/publish" \
    -nologo >&2

mkdir -p "$output"
rm -f "$output/bootstrap" "$output"/*.so "$output"/*.so.*
cp "$build/publish/bootstrap" "$build/publish/libsodium.so" "$output/"
cp "$icu/libicudata.so.$icu_version" "$icu/libicuuc.so.$icu_version" "$icu/libicui18n.so.$icu_version" "$output/"
echo "Package contents for $architecture are in $output" >&2
