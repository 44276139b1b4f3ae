namespace Signup.EndToEnd.Tests.Http;

/// <summary>Runs alone, because killing a function process would fail requests of tests running beside it.</summary>
[CollectionDefinition(nameof(FunctionCrashCollection), DisableParallelization = true)]
public sealed class FunctionCrashCollection;
