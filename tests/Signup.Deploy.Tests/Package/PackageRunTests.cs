using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Signup.Deploy.Tests.Template;
using Signup.Testing;

namespace Signup.Deploy.Tests.Package;

/// <summary>
/// The packaged bootstrap on a machine without system ICU, as Lambda's provided.al2023 runs it: from its own
/// folder, against a Runtime API served over HTTP, with DynamoDB Local behind it and LD_LIBRARY_PATH empty. The
/// arm64 package runs under qemu-user's aarch64 emulation with Debian's arm64 C library.
/// </summary>
[Trait("Category", "Integration")]
[SupportedOSPlatform("linux")]
public sealed class PackageRunTests(DynamoDbLocalFixture dynamoDb) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    // Emulated arm64 code runs several times slower than native code.
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(60);

    // Debian's arm64 C library (libc6-arm64-cross), which qemu-aarch64 uses as the root for the guest's files.
    private const string Arm64Root = "/usr/aarch64-linux-gnu";

    private readonly List<IAsyncDisposable> _resources = [];
    private readonly string _emptyFile = Path.GetTempFileName();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }

        File.Delete(_emptyFile);
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Package_SystemIcuHidden_RegistersFullwidthName(string architecture)
    {
        await SkipUnlessRunnableAsync(architecture);
        var packageDirectory = await FunctionPackage.BuildAsync(architecture);
        var (runtimeApi, function, tableName) = await StartAsync(packageDirectory, architecture);

        var result = await InvokeAsync(
            runtimeApi, function, RegistrationEvents.CreateUser("ＡＮＮ", "ann@example.com", "plum orbit lantern"));

        Assert.False(result.IsError, $"invocation error {result.ErrorType}: {result.Body}\n{function.Output}");
        var response = JsonDocument.Parse(result.Body).RootElement;
        Assert.True(200 == response.GetProperty("statusCode").GetInt32(), $"{result.Body}\n{function.Output}");
        var items = await dynamoDb.ScanAsync(tableName, TestContext.Current.CancellationToken);
        var user = Assert.Single(items, item => item.ContainsKey("usernameKey"));
        // Width mapping (NFKC) turns U+FF21 into "A", then case folding gives "a": both need ICU.
        Assert.Equal("ann", user["usernameKey"].S);
        Assert.Equal("ＡＮＮ", user["username"].S);
        Assert.Contains(items, item => item["pk"].S == "USERNAME#ann");
    }

    [Theory]
    [InlineData(FunctionPackage.X86)]
    [InlineData(FunctionPackage.Arm64)]
    public async Task Package_IcuFilesRemoved_FailsAtStart(string architecture)
    {
        await SkipUnlessRunnableAsync(architecture);
        var packageDirectory = await FunctionPackage.BuildAsync(architecture);
        // Without its own ICU, and with the system's hidden, the process must stop rather than fall back to
        // invariant globalization, so that this test shows the hiding works.
        var copy = Directory.CreateTempSubdirectory("signup-no-icu-");
        var withoutIcu = Directory.GetFiles(packageDirectory)
            .Where(file => !Path.GetFileName(file).StartsWith("libicu", StringComparison.Ordinal));
        foreach (var file in withoutIcu)
        {
            File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
        }

        try
        {
            var (runtimeApi, function, _) = await StartAsync(copy.FullName, architecture);
            await function.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.NotEqual(0, function.ExitCode);
            Assert.NotEqual(HiddenIcu.HidingFailedExitCode, function.ExitCode);
            Assert.Contains("Failed to load app-local ICU", function.Output, StringComparison.Ordinal);
            Assert.Equal(0, runtimeApi.NextCallCount);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Package_HashTime_FitsTemplateTimeout()
    {
        // Only the native package: emulated arm64 timings do not predict Lambda's arm64 CPUs.
        await SkipUnlessRunnableAsync(FunctionPackage.X86);
        const int Registrations = 12;
        var packageDirectory = await FunctionPackage.BuildAsync(FunctionPackage.X86);
        var (runtimeApi, function, _) = await StartAsync(packageDirectory, FunctionPackage.X86);

        for (var i = 0; i < Registrations; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"timing.{i}");
            var result = await InvokeAsync(
                runtimeApi, function, RegistrationEvents.CreateUser(name, $"{name}@example.com", "quartz meadow beacon"));
            Assert.False(result.IsError, $"invocation error {result.ErrorType}: {result.Body}");
        }

        var hashTimes = ReadLoggedHashTimes(function.Output);
        Assert.Equal(Registrations, hashTimes.Count);

        // Argon2id with p=1 runs on one thread, and Lambda gives a function one full vCPU at 1,769 MB and a share
        // in proportion below that, so the hash takes about 1769 / MemorySize times as long as on a full core.
        var properties = SamTemplate.LoadRepositoryTemplate().Resource("CreateUserFunction").Child("Properties");
        var memorySize = int.Parse(properties.Child("MemorySize").Text()!, CultureInfo.InvariantCulture);
        var timeoutMs = 1000 * int.Parse(properties.Child("Timeout").Text()!, CultureInfo.InvariantCulture);
        var median = hashTimes.Order().ElementAt(hashTimes.Count / 2);
        var projected = median * Math.Max(1.0, 1769.0 / memorySize);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"hashMs here: min {hashTimes.Min():F1}, median {median:F1}, max {hashTimes.Max():F1} over {hashTimes.Count}; "
            + $"projected at {memorySize} MB: {projected:F0} ms; timeout {timeoutMs} ms"));

        // Half the timeout stays for the cold start, DynamoDB and a slower CPU than this one.
        Assert.True(projected < timeoutMs / 2.0, $"projected hash time {projected:F0} ms at {memorySize} MB");
    }

    private static async Task SkipUnlessRunnableAsync(string architecture)
    {
        if (HiddenIcu.FindUnsupportedReason() is { } reason)
        {
            Assert.Skip(reason);
        }

        if (architecture == FunctionPackage.Arm64)
        {
            // As root (checked above) this installs qemu-user when it is missing, as ./test installs its tools.
            await FunctionPackage.RequireCommandAsync("qemu-aarch64", "qemu-user", "running the arm64 package");
        }
    }

    private static async Task<InvocationResult> InvokeAsync(RuntimeApiServer runtimeApi, FunctionProcess function, byte[] payload)
    {
        try
        {
            return await runtimeApi.InvokeAsync(payload, InvokeTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(
                $"The function posted no result within {InvokeTimeout.TotalSeconds} s (exited: {function.HasExited}). "
                + $"Its output:\n{function.Output}",
                exception);
        }
    }

    private static List<double> ReadLoggedHashTimes(string output)
    {
        var times = new List<double>();
        foreach (var line in output.Split('\n').Where(line => line.StartsWith('{')))
        {
            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.TryGetProperty("event", out var name) && name.GetString() == "Invocation"
                && entry.RootElement.TryGetProperty("hashMs", out var hashMs))
            {
                times.Add(hashMs.GetDouble());
            }
        }

        return times;
    }

    private async Task<(RuntimeApiServer RuntimeApi, FunctionProcess Function, string TableName)> StartAsync(
        string packageDirectory,
        string architecture)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var libraries = await HiddenIcu.FindSystemLibrariesAsync(cancellationToken);
        Assert.True(libraries.Count > 0, "ldconfig lists no libicu, so hiding the system ICU would prove nothing.");
        string[] command = ["./bootstrap"];
        if (architecture == FunctionPackage.Arm64)
        {
            // The emulated process opens Arm64Root's files first, so an arm64 ICU there is hidden too. OpenSSL, which
            // Amazon Linux 2023 provides, comes from Debian's arm64 package through the guest's LD_LIBRARY_PATH.
            libraries = [.. libraries, .. HiddenIcu.FindLibrariesUnder(Arm64Root)];
            var openSsl = await FunctionPackage.FetchArm64OpenSslAsync();
            command = ["qemu-aarch64", "-L", Arm64Root, "-E", "LD_LIBRARY_PATH=" + openSsl, "./bootstrap"];
        }

        var tableName = await dynamoDb.CreateUsersTableAsync(cancellationToken);
        var runtimeApi = await RuntimeApiServer.StartAsync();
        _resources.Add(runtimeApi);

        var environment = new Dictionary<string, string>(dynamoDb.Server.EnvironmentVariables)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi.Address,
            ["USERS_TABLE"] = tableName,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "signup-package-test",
            // Lambda's LD_LIBRARY_PATH includes /var/task; an empty one shows that the bootstrap's $ORIGIN runpath
            // finds the ICU files on its own.
            ["LD_LIBRARY_PATH"] = "",
        };
        var function = FunctionProcess.Start(
            HiddenIcu.UnsharePath,
            environment,
            HiddenIcu.WrapperArguments(_emptyFile, packageDirectory, libraries, command));
        _resources.Add(function);
        return (runtimeApi, function, tableName);
    }
}
