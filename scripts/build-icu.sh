#!/usr/bin/env bash
# Builds the ICU libraries that ship inside the Lambda package, and prints the folder that contains them.
#
# Lambda's provided.al2023 runtime has no libicu, so the function carries its own (.NET's "app-local ICU").
# Debian 12's prebuilt libicuuc.so.72 cannot be shipped as it is: it needs GLIBCXX_3.4.30 (GCC 12's
# std::condition_variable::wait), and Amazon Linux 2023 has GCC 11's libstdc++ (GLIBCXX_3.4.29 at most).
# Debian 12's own libstdc++.so.6 cannot be shipped beside it either, because it needs GLIBC_2.36 (arc4random)
# and AL2023 has glibc 2.34. So libicuuc and libicui18n are compiled here from Debian's source package with
# GCC 11, and GCC 11's libstdc++ and libgcc are linked into them statically and hidden. The result needs
# nothing but glibc 2.34. libicudata (the Unicode and locale data, no code) comes unchanged from Debian's
# binary package of the same version and architecture.
#
# Usage: scripts/build-icu.sh [x86_64|arm64]
#   Prints the folder with libicu{data,uc,i18n}.so.<ICU_VERSION>; the file icu-version there contains the version.
#   arm64 is cross-compiled with Debian's aarch64-linux-gnu GCC 11.
# Environment: ICU_CACHE_DIR   where results and build trees are kept (default: ${XDG_CACHE_HOME:-~/.cache}/signup-icu)
# A finished build is reused: the first x86_64 run took about 3 minutes on two cores, later runs take no time.
set -euo pipefail

# The upstream version, which names the shipped files and the System.Globalization.AppLocalIcu setting.
ICU_VERSION=72.1
# Debian package that carries the matching libicudata.
ICU_BINARY_PACKAGE=libicu72

architecture=${1:-x86_64}
case $architecture in
    x86_64)
        debian_architecture=amd64
        triplet=x86_64-linux-gnu
        compiler_prefix=""
        ;;
    arm64)
        debian_architecture=arm64
        triplet=aarch64-linux-gnu
        compiler_prefix=aarch64-linux-gnu-
        ;;
    *)
        echo "error: unknown architecture '$architecture'; use x86_64 or arm64." >&2
        exit 2
        ;;
esac

cache_root=${ICU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/signup-icu}
work=$cache_root/work

find_finished_build() {
    local dir
    for dir in "$cache_root/result-$architecture"-*; do
        if [ -f "$dir/complete" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if result=$(find_finished_build); then
    echo "$result"
    exit 0
fi

echo "Fetching Debian's ICU $ICU_VERSION packages for $architecture..." >&2
source "$(dirname "$0")/debian-archive.sh"
debian_archive_init "$work" "$debian_architecture"
debian_version=$(debian_candidate_version "$ICU_BINARY_PACKAGE:$debian_architecture")
case $debian_version in
    "$ICU_VERSION"-*) ;;
    *)
        echo "error: expected Debian's $ICU_BINARY_PACKAGE to be ICU $ICU_VERSION, found '${debian_version:-nothing}'." >&2
        exit 1
        ;;
esac

download=$work/download-$architecture
source_dir=$work/source-$architecture-$debian_version
rm -rf "$download" "$source_dir"
mkdir -p "$download"
(
    cd "$download"
    apt-get "${apt_options[@]}" -qq source --download-only "icu=$debian_version" >&2
    apt-get "${apt_options[@]}" -qq download "$ICU_BINARY_PACKAGE:$debian_architecture=$debian_version" >&2
    # Unpacks the upstream tarball and applies Debian's patches, security fixes included. dpkg-source warns that
    # it cannot check the uploader's signature without debian-keyring; apt has already checked every file
    # against the archive's signed index.
    dpkg-source --no-copy -x icu_*.dsc "$source_dir" >&2
    dpkg-deb -x "${ICU_BINARY_PACKAGE}"_*.deb "$download/binary"
)

configure_options=(
    --disable-static --enable-shared --with-data-packaging=library
    --disable-extras --disable-icuio --disable-layoutex --disable-tools --disable-tests --disable-samples
)

build_dir=$work/build-$architecture-$debian_version
rm -rf "$build_dir"
mkdir -p "$build_dir"

run_logged() {
    local log=$1
    shift
    "$@" >"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
}

if [ -n "$compiler_prefix" ]; then
    # ICU's configure refuses a cross build without a configured build for this machine, whose generated
    # config/icucross.* files it includes. Only those files are made there, because no tools are built.
    echo "Configuring ICU for this machine, as the cross build requires..." >&2
    mkdir -p "$build_dir/native"
    (
        cd "$build_dir/native"
        run_logged configure.log "$source_dir/source/configure" "${configure_options[@]}"
        run_logged make.log make config/icucross.mk config/icucross.inc
    )
    configure_options+=(--host="$triplet" --with-cross-build="$build_dir/native")
fi

echo "Building ICU $debian_version (common and i18n) for $architecture..." >&2
mkdir -p "$build_dir/target"
(
    cd "$build_dir/target"
    export CC=${compiler_prefix}gcc-11 CXX=${compiler_prefix}g++-11 CFLAGS="-O2 -fPIC" CXXFLAGS="-O2 -fPIC"
    # --exclude-libs keeps the static libstdc++ and libgcc symbols out of the libraries' export tables, so
    # they cannot clash with another C++ runtime in the same process.
    export LDFLAGS="-static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL"
    run_logged configure.log "$source_dir/source/configure" "${configure_options[@]}"
    # The top-level make would create these output folders; only three components are built here.
    mkdir -p lib bin
    # The stub data library only satisfies the link step; the real data library replaces it in the package.
    for component in stubdata common i18n; do
        run_logged "make-$component.log" make -j2 -C "$component"
    done
)

result=$cache_root/result-$architecture-$debian_version
rm -rf "$result"
mkdir -p "$result"
for library in libicuuc libicui18n; do
    cp "$build_dir/target/lib/$library.so.$ICU_VERSION" "$result/"
    "${compiler_prefix}strip" --strip-unneeded "$result/$library.so.$ICU_VERSION"
done
cp "$download/binary/usr/lib/$triplet/libicudata.so.$ICU_VERSION" "$result/"
echo "$debian_version" >"$result/debian-version"
echo "$ICU_VERSION" >"$result/icu-version"
touch "$result/complete"
rm -rf "$build_dir" "$source_dir" "$download"
echo "$result"
