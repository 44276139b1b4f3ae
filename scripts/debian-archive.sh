# A private apt configuration for Debian 12's archive, sourced by the scripts that fetch Debian packages for the
# Lambda package and its tests. It adds deb-src entries (for source packages) and a second architecture (for
# arm64 libraries) without touching the machine's own apt sources. Package signatures are checked against the
# system's Debian keyring as usual.
#
# debian_archive_init WORK_DIR DEBIAN_ARCHITECTURE sets the array apt_options and updates the package lists.

debian_archive_init() {
    local work=$1 debian_architecture=$2
    mkdir -p "$work/lists/partial" "$work/archives/partial"
    cat >"$work/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian-security bookworm-security main
deb-src http://deb.debian.org/debian-security bookworm-security main
SOURCES
    apt_options=(
        -o "Dir::Etc::SourceList=$work/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$work/lists"
        -o "Dir::Cache::Archives=$work/archives"
        -o "APT::Sandbox::User=root"
        -o "APT::Architectures::=$debian_architecture"
    )
    apt-get "${apt_options[@]}" -qq update >&2
}

# debian_candidate_version PACKAGE:ARCHITECTURE prints the version that apt would fetch.
debian_candidate_version() {
    apt-cache "${apt_options[@]}" policy "$1" | sed -n 's/^ *Candidate: //p'
}
