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
# binary package of the same version.
#
# Usage: scripts/build-icu.sh            prints the folder with libicu{data,uc,i18n}.so.<ICU_VERSION>, and the
#                                        version itself in the file icu-version there
# Environment: ICU_CACHE_DIR             where the result and the build tree are kept
#                                        (default: ${XDG_CACHE_HOME:-~/.cache}/signup-icu)
# A finished build is reused: the first run took about 3 minutes on two cores, later runs take no time.
set -euo pipefail

# The upstream version, which names the shipped files and the System.Globalization.AppLocalIcu setting.
ICU_VERSION=72.1
# Debian package that carries the matching libicudata.
ICU_BINARY_PACKAGE=libicu72

cache_root=${ICU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/signup-icu}
work=$cache_root/work
mkdir -p "$work/lists/partial" "$work/archives/partial"

# A private apt configuration: deb-src entries are needed for the source package, and the machine's own
# sources stay untouched. Package signatures are checked against the system's Debian keyring as usual.
cat >"$work/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian-security bookworm-security main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
apt_options=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache::Archives=$work/archives"
    -o "APT::Sandbox::User=root"
)

find_finished_build() {
    local dir
    for dir in "$cache_root"/result-*; do
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

echo "Fetching Debian's ICU $ICU_VERSION packages..." >&2
apt-get "${apt_options[@]}" -qq update >&2
debian_version=$(apt-cache "${apt_options[@]}" policy "$ICU_BINARY_PACKAGE" | sed -n 's/^ *Candidate: //p')
case $debian_version in
    "$ICU_VERSION"-*) ;;
    *)
        echo "error: expected Debian's $ICU_BINARY_PACKAGE to be ICU $ICU_VERSION, found '${debian_version:-nothing}'." >&2
        exit 1
        ;;
esac

source_dir=$work/source-$debian_version
rm -rf "$source_dir" "$work/download"
mkdir -p "$work/download"
(
    cd "$work/download"
    apt-get "${apt_options[@]}" -qq source --download-only "icu=$debian_version" >&2
    apt-get "${apt_options[@]}" -qq download "$ICU_BINARY_PACKAGE=$debian_version" >&2
    # Unpacks the upstream tarball and applies Debian's patches, security fixes included.
    dpkg-source --no-copy -x icu_*.dsc "$source_dir" >&2
    dpkg-deb -x "${ICU_BINARY_PACKAGE}"_*.deb "$work/download/binary"
)

echo "Building ICU $debian_version (common and i18n)..." >&2
build_dir=$work/build-$debian_version
rm -rf "$build_dir"
mkdir -p "$build_dir"
(
    cd "$build_dir"
    # --exclude-libs keeps the static libstdc++ and libgcc symbols out of the libraries' export tables, so
    # they cannot clash with another C++ runtime in the same process.
    CC=gcc-11 CXX=g++-11 \
        CFLAGS="-O2 -fPIC" CXXFLAGS="-O2 -fPIC" \
        LDFLAGS="-static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL" \
        "$source_dir/source/configure" \
        --disable-static --enable-shared --with-data-packaging=library \
        --disable-extras --disable-icuio --disable-layoutex --disable-tools --disable-tests --disable-samples \
        >"$build_dir/configure.log" 2>&1 || { tail -n 40 "$build_dir/configure.log" >&2; exit 1; }
    # The top-level make would create these output folders; only three components are built here.
    mkdir -p lib bin
    # The stub data library only satisfies the link step; the real data library replaces it in the package.
    for component in stubdata common i18n; do
        make -j2 -C "$component" >"$build_dir/make-$component.log" 2>&1 ||
            { tail -n 40 "$build_dir/make-$component.log" >&2; exit 1; }
    done
)

result=$cache_root/result-$debian_version
rm -rf "$result"
mkdir -p "$result"
for library in libicuuc libicui18n; do
    cp "$build_dir/lib/$library.so.$ICU_VERSION" "$result/"
    strip --strip-unneeded "$result/$library.so.$ICU_VERSION"
done
cp "$work/download/binary/usr/lib/x86_64-linux-gnu/libicudata.so.$ICU_VERSION" "$result/"
echo "$debian_version" >"$result/debian-version"
echo "$ICU_VERSION" >"$result/icu-version"
touch "$result/complete"
rm -rf "$build_dir" "$source_dir" "$work/download"
echo "$result"
