#!/usr/bin/env python3
"""Generate src/Signup.Core/Unicode/UnicodeTables.g.cs from the Unicode Character Database.

The username rules need Unicode properties that .NET has no public API for: Script and
Script_Extensions (single-script check), Bidi_Class (the RFC 5893 Bidi Rule), the <wide> and
<narrow> decomposition mappings (RFC 8265 width mapping), Default_Ignorable_Code_Point and the
conjoining Hangul jamo (RFC 8264 IdentifierClass), Soft_Dotted and the Canonical_Combining_Class
values that UTS #39 section 5.4 needs to find a redundant dot above. The email rules use
Default_Ignorable_Code_Point too.

Usage:
    python3 tools/generate-unicode-tables.py [UCD_DIR]

UCD_DIR defaults to /usr/share/unicode, where the Debian package unicode-data installs the
database (apt-get install unicode-data). The output is deterministic for a given database.
"""

import os
import re
import sys

MAX_CODE_POINT = 0x10FFFF
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "src", "Signup.Core", "Unicode", "UnicodeTables.g.cs")

# UTS #39 section 5.1: Han, Hiragana, Katakana, Hangul and Bopomofo are augmented with the
# writing systems that combine them, so that Japanese, Korean and Chinese text counts as one script.
AUGMENTED_SCRIPTS = ["Hanb", "Jpan", "Kore"]

# Bidi classes the Bidi Rule of RFC 5893 distinguishes; every other class is "Other".
BIDI_CLASSES = ["Other", "L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "ON"]

LINE = re.compile(r"^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;\s*([^#]+?)\s*(?:#.*)?$")


def read_lines(ucd, name):
    with open(os.path.join(ucd, name), encoding="utf-8") as handle:
        return handle.read().splitlines()


def parse_ranges(ucd, name):
    """Yield (first, last, value) for each data line of a UCD property file."""
    for line in read_lines(ucd, name):
        match = LINE.match(line)
        if match:
            first = int(match.group(1), 16)
            last = int(match.group(2) or match.group(1), 16)
            yield first, last, match.group(3).strip()


def unicode_version(ucd):
    first = read_lines(ucd, "Scripts.txt")[0]
    match = re.match(r"# Scripts-(\d+\.\d+\.\d+)\.txt", first)
    if not match:
        sys.exit(f"cannot read the Unicode version from the first line of Scripts.txt: {first!r}")
    return match.group(1)


def script_aliases(ucd):
    """Map long and short script names to the ISO 15924 code."""
    aliases = {}
    for line in read_lines(ucd, "PropertyValueAliases.txt"):
        parts = [part.strip() for part in line.split("#")[0].split(";")]
        if len(parts) >= 3 and parts[0] == "sc":
            for name in parts[1:]:
                aliases[name] = parts[1]
    return aliases


def step_function(values):
    """Compress a per-code-point list into (starts, values): each run lasts until the next start."""
    starts, run_values = [], []
    previous = None
    for code_point, value in enumerate(values):
        if value != previous:
            starts.append(code_point)
            run_values.append(value)
            previous = value
    return starts, run_values


def merged_ranges(pairs):
    """Merge (first, last) pairs into sorted, non-adjacent inclusive ranges."""
    merged = []
    for first, last in sorted(pairs):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def build_scripts(ucd, aliases):
    codes = sorted({aliases[value] for _, _, value in parse_ranges(ucd, "Scripts.txt")})
    for fixed in ("Zyyy", "Zinh"):
        codes.remove(fixed)
    codes = ["Zzzz", "Zyyy", "Zinh"] + codes + AUGMENTED_SCRIPTS
    index = {code: i for i, code in enumerate(codes)}
    if len(codes) > 255:
        sys.exit("more than 255 scripts: the table stores script indexes as bytes")

    script = [0] * (MAX_CODE_POINT + 1)
    for first, last, value in parse_ranges(ucd, "Scripts.txt"):
        for code_point in range(first, last + 1):
            script[code_point] = index[aliases[value]]

    extension_sets = [()]
    extension = [0] * (MAX_CODE_POINT + 1)
    for first, last, value in parse_ranges(ucd, "ScriptExtensions.txt"):
        members = tuple(sorted(index[aliases[name]] for name in value.split()))
        if members not in extension_sets:
            extension_sets.append(members)
        for code_point in range(first, last + 1):
            extension[code_point] = extension_sets.index(members)
    return codes, script, extension_sets, extension


def build_bidi(ucd):
    classes = ["L"] * (MAX_CODE_POINT + 1)
    path = os.path.join("extracted", "DerivedBidiClass.txt")
    missing = re.compile(r"^# @missing: ([0-9A-F]+)\.\.([0-9A-F]+); (\w+)")
    short_names = {}
    for line in read_lines(ucd, "PropertyValueAliases.txt"):
        parts = [part.strip() for part in line.split("#")[0].split(";")]
        if len(parts) >= 3 and parts[0] == "bc":
            short_names[parts[2]] = parts[1]
            short_names[parts[1]] = parts[1]
    # Defaults first (later @missing lines refine earlier ones), then the listed values.
    for line in read_lines(ucd, path):
        match = missing.match(line)
        if match:
            for code_point in range(int(match.group(1), 16), int(match.group(2), 16) + 1):
                classes[code_point] = short_names[match.group(3)]
    for first, last, value in parse_ranges(ucd, path):
        for code_point in range(first, last + 1):
            classes[code_point] = value
    return [BIDI_CLASSES.index(name) if name in BIDI_CLASSES else 0 for name in classes]


def build_width_mappings(ucd):
    sources, targets = [], []
    for line in read_lines(ucd, "UnicodeData.txt"):
        fields = line.split(";")
        decomposition = fields[5].split()
        if decomposition and decomposition[0] in ("<wide>", "<narrow>"):
            if len(decomposition) != 2:
                sys.exit(f"width mapping of {fields[0]} is not a single code point")
            sources.append(int(fields[0], 16))
            targets.append(int(decomposition[1], 16))
    return sources, targets


def build_default_ignorable(ucd):
    return merged_ranges(
        (first, last)
        for first, last, value in parse_ranges(ucd, "DerivedCoreProperties.txt")
        if value == "Default_Ignorable_Code_Point")


def build_conjoining_jamo(ucd):
    return merged_ranges(
        (first, last)
        for first, last, value in parse_ranges(ucd, "HangulSyllableType.txt")
        if value in ("L", "V", "T"))


def build_soft_dotted(ucd):
    return merged_ranges(
        (first, last)
        for first, last, value in parse_ranges(ucd, "PropList.txt")
        if value == "Soft_Dotted")


def build_nonzero_combining_class_not_above(ucd):
    """Code points whose Canonical_Combining_Class is neither 0 (Not_Reordered) nor 230 (Above)."""
    path = os.path.join("extracted", "DerivedCombiningClass.txt")
    return merged_ranges(
        (first, last)
        for first, last, value in parse_ranges(ucd, path)
        if value not in ("0", "230"))


def format_numbers(numbers, hexadecimal, per_line=12):
    rendered = [f"0x{n:X}" if hexadecimal else str(n) for n in numbers]
    lines = []
    for i in range(0, len(rendered), per_line):
        lines.append("        " + ", ".join(rendered[i:i + per_line]) + ",")
    return "\n".join(lines)


def span_property(name, element_type, numbers, hexadecimal, summary):
    return (
        f"    // {summary}\n"
        f"    public static ReadOnlySpan<{element_type}> {name} =>\n"
        f"    [\n{format_numbers(numbers, hexadecimal)}\n    ];\n")


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    version = unicode_version(ucd)
    aliases = script_aliases(ucd)
    codes, script, extension_sets, extension = build_scripts(ucd, aliases)
    script_starts, script_values = step_function(script)
    extension_starts, extension_values = step_function(extension)
    bidi_starts, bidi_values = step_function(build_bidi(ucd))
    width_sources, width_targets = build_width_mappings(ucd)
    ignorable = build_default_ignorable(ucd)
    jamo = build_conjoining_jamo(ucd)
    soft_dotted = build_soft_dotted(ucd)
    not_above = build_nonzero_combining_class_not_above(ucd)

    set_offsets, set_members = [], []
    for members in extension_sets:
        set_offsets.append(len(set_members))
        set_members.extend(members)
    set_offsets.append(len(set_members))

    code_list = "\n".join(
        "        " + ", ".join(f'"{code}"' for code in codes[i:i + 12]) + ","
        for i in range(0, len(codes), 12))
    bidi_enum = "\n".join(f"    {name} = {i}," for i, name in enumerate(BIDI_CLASSES))
    script_constants = "\n".join(
        f"    public const byte {name} = {codes.index(code)};"
        for name, code in [("Unknown", "Zzzz"), ("Common", "Zyyy"), ("Inherited", "Zinh"),
                           ("Han", "Hani"), ("Hiragana", "Hira"), ("Katakana", "Kana"),
                           ("Hangul", "Hang"), ("Bopomofo", "Bopo"), ("HanWithBopomofo", "Hanb"),
                           ("Japanese", "Jpan"), ("Korean", "Kore")])

    parts = [
        "// <auto-generated>\n"
        f"// Generated by tools/generate-unicode-tables.py from the Unicode Character Database {version}\n"
        "// (Debian package unicode-data, /usr/share/unicode). Do not edit by hand; regenerate with\n"
        "//     python3 tools/generate-unicode-tables.py [UCD_DIR]\n"
        "// </auto-generated>\n"
        "namespace Signup.Core.Unicode;\n\n"
        "/// <summary>Bidi_Class values that the RFC 5893 Bidi Rule distinguishes.</summary>\n"
        "internal enum BidiClass : byte\n{\n" + bidi_enum + "\n}\n\n"
        "/// <summary>Indexes into <see cref=\"UnicodeTables.ScriptCodes\"/> used by name.</summary>\n"
        "internal static class ScriptIndex\n{\n" + script_constants + "\n}\n\n"
        "/// <summary>Unicode " + version + " property tables; lookups are in <see cref=\"UnicodeData\"/>.</summary>\n"
        "internal static class UnicodeTables\n{\n"
        f"    public const string UnicodeVersion = \"{version}\";\n\n"
        "    // ISO 15924 codes; the index is the value stored in the script tables. Hanb, Jpan and Kore\n"
        "    // are the UTS #39 augmented scripts and never appear in the Script property itself.\n"
        "    public static readonly string[] ScriptCodes =\n    [\n" + code_list + "\n    ];\n",
        span_property("ScriptStarts", "int", script_starts, True,
                      "Script: a run starts at ScriptStarts[i] with script ScriptValues[i] and ends where the next begins."),
        span_property("ScriptValues", "byte", script_values, False, "Script index of each run."),
        span_property("ScriptExtensionStarts", "int", extension_starts, True,
                      "Script_Extensions: runs as for Script; value 0 means the code point has no extension list."),
        span_property("ScriptExtensionValues", "byte", extension_values, False,
                      "Index into ScriptExtensionSetOffsets of each run."),
        span_property("ScriptExtensionSetOffsets", "short", set_offsets, False,
                      "Set k is ScriptExtensionSetMembers[offsets[k]..offsets[k + 1]]."),
        span_property("ScriptExtensionSetMembers", "byte", set_members, False,
                      "Script indexes of every Script_Extensions set, concatenated."),
        span_property("ScriptIndexes", "byte", list(range(len(codes))), False,
                      "Every script index in order, so that one index can be sliced out as a one-element set."),
        span_property("BidiStarts", "int", bidi_starts, True,
                      "Bidi_Class: runs as for Script, unlisted code points taking the @missing defaults."),
        span_property("BidiValues", "byte", bidi_values, False, "BidiClass of each run."),
        span_property("WidthMappingSources", "int", width_sources, True,
                      "Code points with a <wide> or <narrow> decomposition, ascending."),
        span_property("WidthMappingTargets", "int", width_targets, True,
                      "The decomposition of WidthMappingSources[i]."),
        span_property("DefaultIgnorableRanges", "int", [n for pair in ignorable for n in pair], True,
                      "Default_Ignorable_Code_Point as inclusive [first, last] pairs."),
        span_property("ConjoiningJamoRanges", "int", [n for pair in jamo for n in pair], True,
                      "Hangul_Syllable_Type L, V and T (conjoining jamo) as inclusive [first, last] pairs."),
        span_property("SoftDottedRanges", "int", [n for pair in soft_dotted for n in pair], True,
                      "Soft_Dotted (PropList.txt) as inclusive [first, last] pairs."),
        span_property("NonzeroCombiningClassNotAboveRanges", "int", [n for pair in not_above for n in pair], True,
                      "Canonical_Combining_Class other than 0 and 230 (Above) as inclusive [first, last] pairs."),
    ]
    text = "\n".join(parts).rstrip() + "\n}\n"
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, REPO_ROOT)}: Unicode {version}, {len(codes)} scripts, "
          f"{len(script_starts)} script runs, {len(extension_starts)} extension runs, "
          f"{len(bidi_starts)} bidi runs, {len(width_sources)} width mappings")


if __name__ == "__main__":
    main()
