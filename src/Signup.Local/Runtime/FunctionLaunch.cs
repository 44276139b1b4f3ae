namespace Signup.Local.Runtime;

/// <summary>How to start one process of a function: an executable, its arguments and its task root.</summary>
/// <param name="FileName">Executable to run, such as <c>dotnet</c> or a Native AOT <c>bootstrap</c>.</param>
/// <param name="Arguments">Arguments passed to the executable.</param>
/// <param name="TaskRoot">Working directory and <c>LAMBDA_TASK_ROOT</c> of the process.</param>
/// <param name="Description">Short text for the console, such as <c>JIT (dotnet bootstrap.dll)</c>.</param>
public sealed record FunctionLaunch(string FileName, IReadOnlyList<string> Arguments, string TaskRoot, string Description)
{
    /// <summary>Runs a framework-dependent build with the <c>dotnet</c> host: <c>dotnet path/to/app.dll</c>.</summary>
    public static FunctionLaunch Jit(string assemblyPath)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        return new FunctionLaunch(
            DotnetHost(),
            [fullPath],
            Path.GetDirectoryName(fullPath)!,
            $"JIT (dotnet {Path.GetFileName(fullPath)})");
    }

    /// <summary>Runs a self-contained executable, such as the Native AOT <c>bootstrap</c>.</summary>
    public static FunctionLaunch Native(string executablePath)
    {
        var fullPath = Path.GetFullPath(executablePath);
        return new FunctionLaunch(fullPath, [], Path.GetDirectoryName(fullPath)!, $"Native AOT ({fullPath})");
    }

    /// <summary>
    /// Chooses <see cref="Jit"/> for a <c>.dll</c> and <see cref="Native"/> for anything else.
    /// </summary>
    public static FunctionLaunch FromPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? Jit(path) : Native(path);

    /// <summary>The file that must exist for the launch to work: the assembly or the executable.</summary>
    public string EntryFile => Arguments.Count > 0 ? Arguments[0] : FileName;

    // The SDK sets DOTNET_HOST_PATH for processes it starts (tests, dotnet run), which pins the same host.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
}
