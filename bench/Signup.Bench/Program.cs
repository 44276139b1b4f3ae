using System.Globalization;
using Microsoft.Extensions.Logging;
using Signup.Bench;
using Signup.Local;

const string Usage = """
    Usage: dotnet run -c Release --project bench/Signup.Bench -- <scenario> [--quick]

    Scenarios:
      load       registrations through the local stack at 25 to 125 % of C, the machine's hash rate
      overhead   the same path with libsodium's cheapest Argon2id setting: everything but the hash
      coldstart  JIT against Native AOT function processes: time to the first event, first invocation, memory
      peer       ASP.NET Core Identity's /register with EF Core and SQLite, driven the same way
      all        every scenario, in this order
      report     no measurement: rewrite the page and plots from bench/results/latest.json

    --quick shortens every scenario to a smoke check; its results are marked as quick.
    Results go to bench/results/, and docs/benchmarks.md and docs/benchmarks/*.png are rewritten from them.
    """;

string[] scenarios = ["load", "overhead", "coldstart", "peer"];
var quick = args.Contains("--quick");
var names = args.Where(argument => argument != "--quick").ToArray();
if (names.Length != 1 || !(scenarios.Contains(names[0]) || names[0] is "all" or "report"))
{
    Console.Error.WriteLine(names.Length == 0 ? Usage : $"error: unknown arguments '{string.Join(' ', args)}'.\n{Usage}");
    return 2;
}

// Every number the benchmark writes, in JSON, Markdown or plots, is formatted culture-independently.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var root = RepositoryRoot.Find();
if (names[0] == "report")
{
    Console.WriteLine($"Wrote {ResultStore.Rewrite(root)}.");
    return 0;
}

var command = "dotnet run -c Release --project bench/Signup.Bench -- " + string.Join(' ', args);
using var loggerFactory = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Warning)
    .AddSimpleConsole(console => console.SingleLine = true));
var run = new BenchRun(root, quick ? BenchSettings.Quick : BenchSettings.Full, loggerFactory);
var selected = names[0] == "all" ? scenarios : [names[0]];

ScenarioResult<T> Wrap<T>(T data, double loadAverage) =>
    new(command, DateTimeOffset.UtcNow, quick, loadAverage, data);

var result = new RunResult { Machine = MachineInfo.Read() };
foreach (var scenario in selected)
{
    var loadAverage = MachineInfo.LoadAverage();
    Console.WriteLine($"== {scenario} (load average {loadAverage:0.00})");
    result = scenario switch
    {
        "load" => result with { Load = Wrap(run.Load = await LoadScenario.RunAsync(run), loadAverage) },
        "overhead" => result with { Overhead = Wrap(await OverheadScenario.RunAsync(run), loadAverage) },
        "coldstart" => result with { ColdStart = Wrap(await ColdStartScenario.RunAsync(run), loadAverage) },
        _ => result with { Peer = Wrap(await PeerScenario.RunAsync(run), loadAverage) },
    };
}

var page = ResultStore.Save(root, result, quick);
Console.WriteLine($"Wrote {page.RunFile}, {page.LatestFile} and {page.PageFile}.");
Console.WriteLine();
Console.WriteLine(quick ? "Targets and ratios of this quick run (a smoke check, not a measurement):" : "Targets and ratios of this run:");
foreach (var target in Target.Evaluate(result))
{
    Console.WriteLine($"- {target.Name}: {target.Measured} [{target.Verdict.Replace("*", "", StringComparison.Ordinal)}]");
}

return 0;
