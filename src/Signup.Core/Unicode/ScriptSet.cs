namespace Signup.Core.Unicode;

/// <summary>A set of script indexes (see <see cref="UnicodeTables.ScriptCodes"/>) as a 192-bit mask.</summary>
internal readonly record struct ScriptSet(ulong Low, ulong Middle, ulong High)
{
    public bool IsEmpty => (Low | Middle | High) == 0;

    public static ScriptSet Of(byte script) => script switch
    {
        < 64 => new ScriptSet(1UL << script, 0, 0),
        < 128 => new ScriptSet(0, 1UL << (script - 64), 0),
        < 192 => new ScriptSet(0, 0, 1UL << (script - 128)),
        _ => throw new ArgumentOutOfRangeException(nameof(script), script, "Script indexes stop at 191."),
    };

    public ScriptSet Union(ScriptSet other) => new(Low | other.Low, Middle | other.Middle, High | other.High);

    public ScriptSet Intersect(ScriptSet other) => new(Low & other.Low, Middle & other.Middle, High & other.High);
}
