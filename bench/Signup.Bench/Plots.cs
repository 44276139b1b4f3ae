using ScottPlot;

namespace Signup.Bench;

/// <summary>Draws the page's PNG plots with ScottPlot and returns the names of those it wrote.</summary>
internal static class Plots
{
    private const int Width = 900;
    private const int Height = 520;

    public static IReadOnlySet<string> Write(string directory, RunResult result)
    {
        Directory.CreateDirectory(directory);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var series = LoadSeries(result).ToList();
        if (series.Count > 0)
        {
            LatencyPlot(series).SavePng(Path.Combine(directory, "latency.png"), Width, Height);
            ThroughputPlot(series, result.Load?.Data.Hash ?? result.Peer!.Data.OurHash)
                .SavePng(Path.Combine(directory, "throughput.png"), Width, Height);
            written.Add("latency");
            written.Add("throughput");
        }

        if (result.ColdStart?.Data is { } coldStart)
        {
            ColdStartPlot(coldStart).SavePng(Path.Combine(directory, "coldstart.png"), Width, Height);
            written.Add("coldstart");
        }

        return written;
    }

    private static IEnumerable<(string Name, LevelResult[] Levels)> LoadSeries(RunResult result)
    {
        if (result.Load?.Data is { } load)
        {
            yield return ("Signup", load.Levels);
        }

        if (result.Peer?.Data is { } peer)
        {
            yield return ($"Identity, {peer.EqualCost.Iterations} iterations (equal cost)", peer.EqualCost.Levels);
            yield return ($"Identity, {peer.DefaultCost.Iterations} iterations (default)", peer.DefaultCost.Levels);
        }
    }

    // Latencies span milliseconds to seconds, so the y axis is logarithmic: the data is plotted as log10 and the
    // tick labels undo it.
    private static Plot LatencyPlot(List<(string Name, LevelResult[] Levels)> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var (name, levels) = series[i];
            var offered = levels.Select(level => level.OfferedRate).ToArray();
            var color = palette.GetColor(i);
            foreach (var (label, pattern, values) in new[]
            {
                ("p50", LinePattern.Solid, levels.Select(level => level.Latency.P50)),
                ("p99", LinePattern.Dashed, levels.Select(level => level.Latency.P99)),
            })
            {
                var line = plot.Add.Scatter(offered, values.Select(value => Math.Log10(Math.Max(value, 0.1))).ToArray());
                line.LegendText = $"{name} {label}";
                line.Color = color;
                line.LinePattern = pattern;
                line.LineWidth = 2;
                line.MarkerSize = 6;
            }
        }

        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = value => $"{Math.Pow(10, value):0.#}",
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Title("Registration latency against offered load");
        plot.XLabel("offered load (registrations/s)");
        plot.YLabel("latency from scheduled send (ms, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot ThroughputPlot(List<(string Name, LevelResult[] Levels)> series, HashCost hash)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var (name, levels) = series[i];
            var line = plot.Add.Scatter(
                levels.Select(level => level.OfferedRate).ToArray(), levels.Select(level => level.Throughput).ToArray());
            line.LegendText = name;
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        var ceiling = plot.Add.HorizontalLine(hash.RatePerSecond);
        ceiling.LinePattern = LinePattern.Dotted;
        ceiling.Color = Colors.Gray;
        ceiling.LegendText = $"C = {hash.RatePerSecond:0.0} hashes/s";
        plot.Title("Achieved against offered registrations");
        plot.XLabel("offered load (registrations/s)");
        plot.YLabel("responses with status 200 per second");
        plot.Axes.SetLimitsY(0, hash.RatePerSecond * 1.3);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot ColdStartPlot(ColdStartResult coldStart)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var builds = new[] { ("JIT", coldStart.Jit), ("Native AOT", coldStart.Aot) };
        var bars = new List<Bar>();
        var groups = new[] { "spawn to first next", "first invocation" };
        for (var group = 0; group < groups.Length; group++)
        {
            for (var build = 0; build < builds.Length; build++)
            {
                var values = group == 0 ? builds[build].Item2.InitMs : builds[build].Item2.FirstInvocationMs;
                var median = Stats.Median(values);
                bars.Add(new Bar
                {
                    Position = (group * 3) + build,
                    Value = median,
                    Error = (Stats.Percentile(values, 75) - Stats.Percentile(values, 25)) / 2,
                    FillColor = palette.GetColor(build),
                    Label = $"{median:0.0}",
                });
            }
        }

        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0.5, 3.5], groups);
        plot.Axes.Margins(bottom: 0);
        for (var build = 0; build < builds.Length; build++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = builds[build].Item1, FillColor = palette.GetColor(build) });
        }

        plot.Title("Function cold start (median, whiskers: half the IQR)");
        plot.YLabel("milliseconds");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }
}
