namespace Signup.Bench;

/// <summary>Order statistics over samples in milliseconds or any other unit.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Returns the percentile with linear interpolation between the closest ranks; NaN for no values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>Formats the median with the interquartile range, such as <c>12.3 (IQR 11.9–13.0)</c>.</summary>
    public static string MedianIqr(IReadOnlyList<double> values, string format = "0.0") =>
        $"{Median(values).ToString(format)} (IQR {Percentile(values, 25).ToString(format)}–" +
        $"{Percentile(values, 75).ToString(format)})";
}
