namespace Signup.Core.Unicode;

/// <summary>Tests whether text is written in a single script, in the sense of UTS #39 section 5.1.</summary>
/// <remarks>
/// Each code point contributes its Script_Extensions set, augmented so that Han combines with Hiragana
/// and Katakana (Japanese), with Hangul (Korean) and with Bopomofo (Chinese). Code points whose set is
/// only Common or only Inherited (ASCII digits, the separators, most combining marks) go with any script.
/// The text is single-script when the intersection of all sets (the resolved script set) is not empty.
/// </remarks>
internal static class ScriptCheck
{
    public static bool IsSingleScript(string text)
    {
        ScriptSet? resolved = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var extensions = UnicodeData.GetScriptExtensions(rune.Value);
            if (extensions.Length == 1 && extensions[0] is ScriptIndex.Common or ScriptIndex.Inherited)
            {
                continue;
            }

            var augmented = Augment(extensions);
            resolved = resolved is { } current ? current.Intersect(augmented) : augmented;
            if (resolved.Value.IsEmpty)
            {
                return false;
            }
        }

        return true;
    }

    private static ScriptSet Augment(ReadOnlySpan<byte> scripts)
    {
        var set = default(ScriptSet);
        foreach (var script in scripts)
        {
            set = set.Union(ScriptSet.Of(script));
            set = script switch
            {
                ScriptIndex.Han => set
                    .Union(ScriptSet.Of(ScriptIndex.HanWithBopomofo))
                    .Union(ScriptSet.Of(ScriptIndex.Japanese))
                    .Union(ScriptSet.Of(ScriptIndex.Korean)),
                ScriptIndex.Hiragana or ScriptIndex.Katakana => set.Union(ScriptSet.Of(ScriptIndex.Japanese)),
                ScriptIndex.Hangul => set.Union(ScriptSet.Of(ScriptIndex.Korean)),
                ScriptIndex.Bopomofo => set.Union(ScriptSet.Of(ScriptIndex.HanWithBopomofo)),
                _ => set,
            };
        }

        return set;
    }
}
