namespace Signup.Local.Runtime;

/// <summary>The Runtime API's table of function processes, which routes each request to its process.</summary>
internal interface IRuntimeRegistry
{
    /// <summary>Address for <c>AWS_LAMBDA_RUNTIME_API</c>, without a process's prefix: <c>127.0.0.1:PORT</c>.</summary>
    string Endpoint { get; }

    void Register(FunctionInstance instance);

    void Unregister(FunctionInstance instance);
}
