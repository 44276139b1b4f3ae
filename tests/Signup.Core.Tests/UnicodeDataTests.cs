using Signup.Core.Unicode;

namespace Signup.Core.Tests;

public class UnicodeDataTests
{
    [Theory]
    [InlineData(0x0041, "Latn")]
    [InlineData(0x0430, "Cyrl")]
    [InlineData(0x03B1, "Grek")]
    [InlineData(0x05D0, "Hebr")]
    [InlineData(0x0627, "Arab")]
    [InlineData(0x4E00, "Hani")]
    [InlineData(0x3042, "Hira")]
    [InlineData(0x0030, "Zyyy")]
    [InlineData(0x0301, "Zinh")]
    [InlineData(0x0378, "Zzzz")]
    [InlineData(0xE000, "Zzzz")]
    [InlineData(0x1E900, "Adlm")]
    [InlineData(0x10FFFF, "Zzzz")]
    public void GetScript_KnownCodePoints(int codePoint, string expected)
    {
        Assert.Equal(expected, UnicodeTables.ScriptCodes[UnicodeData.GetScript(codePoint)]);
    }

    [Fact]
    public void GetScriptExtensions_ArabicIndicDigit_ListsArabic()
    {
        var scripts = UnicodeData.GetScriptExtensions(0x0661).ToArray().Select(s => UnicodeTables.ScriptCodes[s]);

        Assert.Contains("Arab", scripts);
        Assert.Contains("Thaa", scripts);
    }

    [Fact]
    public void GetScriptExtensions_NoList_ReturnsScript()
    {
        var scripts = UnicodeData.GetScriptExtensions('a').ToArray();

        Assert.Equal([UnicodeData.GetScript('a')], scripts);
    }

    [Theory]
    [InlineData(0x0041, "L")]
    [InlineData(0x05D0, "R")]
    [InlineData(0x0627, "AL")]
    [InlineData(0x0661, "AN")]
    [InlineData(0x06F1, "EN")]
    [InlineData(0x0031, "EN")]
    [InlineData(0x002E, "CS")]
    [InlineData(0x002D, "ES")]
    [InlineData(0x005F, "ON")]
    [InlineData(0x0301, "NSM")]
    [InlineData(0x202E, "Other")]
    [InlineData(0x05FF, "R")]
    public void GetBidiClass_KnownCodePoints(int codePoint, string expected)
    {
        Assert.Equal(Enum.Parse<BidiClass>(expected), UnicodeData.GetBidiClass(codePoint));
    }

    [Theory]
    [InlineData(0xFF21, 0x0041)]
    [InlineData(0x3000, 0x0020)]
    [InlineData(0xFF76, 0x30AB)]
    [InlineData(0xFFE3, 0x00AF)]
    [InlineData(0x0041, 0x0041)]
    public void MapWidth_KnownCodePoints(int codePoint, int expected)
    {
        Assert.Equal(expected, UnicodeData.MapWidth(codePoint));
    }

    [Theory]
    [InlineData(0x00AD, true)]
    [InlineData(0x200B, true)]
    [InlineData(0xFE0F, true)]
    [InlineData(0x034F, true)]
    [InlineData(0x115F, true)]
    [InlineData(0x3164, true)]
    [InlineData(0xFFA0, true)]
    [InlineData(0xE0100, true)]
    [InlineData(0x0041, false)]
    [InlineData(0x0301, false)]
    public void IsDefaultIgnorable_KnownCodePoints(int codePoint, bool expected)
    {
        Assert.Equal(expected, UnicodeData.IsDefaultIgnorable(codePoint));
    }

    [Theory]
    [InlineData(0x1100, true)]
    [InlineData(0x11FF, true)]
    [InlineData(0xD7FB, true)]
    [InlineData(0xAC00, false)]
    public void IsConjoiningJamo_KnownCodePoints(int codePoint, bool expected)
    {
        Assert.Equal(expected, UnicodeData.IsConjoiningJamo(codePoint));
    }

    [Theory]
    [InlineData(0x0069, true)]
    [InlineData(0x006A, true)]
    [InlineData(0x012F, true)]
    [InlineData(0x0456, true)]
    [InlineData(0x1ECB, true)]
    [InlineData(0x1D422, true)]
    [InlineData(0x0049, false)]
    [InlineData(0x0130, false)]
    [InlineData(0x0131, false)]
    [InlineData(0xFF49, false)]
    public void IsSoftDotted_KnownCodePoints(int codePoint, bool expected)
    {
        Assert.Equal(expected, UnicodeData.IsSoftDotted(codePoint));
    }

    [Theory]
    [InlineData(0x0323, true)]  // dot below, class 220
    [InlineData(0x0328, true)]  // ogonek, class 202
    [InlineData(0x0334, true)]  // tilde overlay, class 1
    [InlineData(0x093C, true)]  // Devanagari nukta, class 7
    [InlineData(0x0307, false)] // dot above, class 230
    [InlineData(0x0301, false)] // acute, class 230
    [InlineData(0x0069, false)] // class 0
    [InlineData(0x093F, false)] // Devanagari vowel sign i, a spacing mark of class 0
    public void HasNonzeroCombiningClassNotAbove_KnownCodePoints(int codePoint, bool expected)
    {
        Assert.Equal(expected, UnicodeData.HasNonzeroCombiningClassNotAbove(codePoint));
    }

    [Theory]
    [InlineData(0x0041, "Valid")]
    [InlineData(0x0021, "Valid")]
    [InlineData(0x00DF, "Valid")]
    [InlineData(0x0661, "ContextualDigit")]
    [InlineData(0x00B7, "ContextualPunctuation")]
    [InlineData(0x200D, "JoinControl")]
    [InlineData(0x1D39, "Compatibility")]
    [InlineData(0xFF21, "Compatibility")]
    [InlineData(0x0020, "Disallowed")]
    [InlineData(0x2665, "Disallowed")]
    [InlineData(0x0640, "Disallowed")]
    [InlineData(0x1100, "Disallowed")]
    [InlineData(0xFDD0, "Disallowed")]
    [InlineData(0x0378, "Unassigned")]
    public void IdentifierClass_KnownCodePoints(int codePoint, string expected)
    {
        Assert.Equal(Enum.Parse<IdentifierProperty>(expected), IdentifierClass.Classify(codePoint));
    }

    [Fact]
    public void ScriptCodes_FitTheScriptSet()
    {
        Assert.True(UnicodeTables.ScriptCodes.Length <= 192);
    }
}
