using System.Globalization;
using System.Text;

namespace Signup.Core;

/// <summary>
/// Confirms at startup that the process has the Unicode data the registration rules depend on. Without
/// ICU (for example under InvariantGlobalization) normalization and IDNA would be missing or wrong, and
/// usernames and emails would get keys that let look-alikes through.
/// </summary>
public static class GlobalizationCheck
{
    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when NFKC does not map U+1D39 (modifier letter
    /// capital M) to "M" or IDNA does not map "bücher.example" to "xn--bcher-kva.example".
    /// </summary>
    public static void Verify()
    {
        Expect("NFKC normalization", "U+1D39 to \"M\"", () => "\u1D39".Normalize(NormalizationForm.FormKC), "M");
        Expect(
            "IDNA (IdnMapping)",
            "\"bücher.example\" to \"xn--bcher-kva.example\"",
            () => new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false }.GetAscii("b\u00FCcher.example"),
            "xn--bcher-kva.example");
    }

    private static void Expect(string feature, string mapping, Func<string> compute, string expected)
    {
        string actual;
        try
        {
            actual = compute();
        }
        catch (Exception ex) when (ex is ArgumentException or PlatformNotSupportedException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"{feature} is not available: mapping {mapping} failed with {ex.GetType().Name}: {ex.Message} " +
                "Run with ICU (libicu) installed and InvariantGlobalization off.",
                ex);
        }

        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{feature} is not working: expected to map {mapping}, got \"{actual}\". " +
                "Run with ICU (libicu) installed and InvariantGlobalization off.");
        }
    }
}
