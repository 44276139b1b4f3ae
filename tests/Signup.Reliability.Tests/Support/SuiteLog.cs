using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Signup.Reliability.Tests.Support;

/// <summary>
/// Every line that the suite's stacks wrote (function logs, gateway access logs, the stack's own messages) and every
/// secret that the suite sent or stored: passwords, password hashes and email addresses. The log scan, which runs
/// after every other test, checks that no line contains a secret.
/// </summary>
public sealed class SuiteLog
{
    /// <summary>
    /// Shortest value searched for. Shorter strings, which only the malformed-input corpus sends, also occur in
    /// ordinary log text.
    /// </summary>
    public const int MinSecretLength = 8;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<string, SecretKind> _secrets = new(StringComparer.Ordinal);
    private int _stacksStopped;

    /// <summary>Every line recorded so far, in the order written.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Every secret recorded so far, each also in its JSON-escaped form where that differs.</summary>
    public IReadOnlyDictionary<string, SecretKind> Secrets => _secrets;

    /// <summary>How many stacks have stopped and handed over their stored secrets.</summary>
    public int StacksStopped => Volatile.Read(ref _stacksStopped);

    public void AddLine(string line) => _lines.Enqueue(line);

    /// <summary>Records a secret of at least <see cref="MinSecretLength"/> characters; shorter ones are ignored.</summary>
    public void AddSecret(SecretKind kind, string value)
    {
        if (value.Length < MinSecretLength)
        {
            return;
        }

        _secrets.TryAdd(value, kind);

        // A JSON log line would carry the value escaped, such as "\u00E9" for é.
        var escaped = JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();
        if (!string.Equals(escaped, value, StringComparison.Ordinal))
        {
            _secrets.TryAdd(escaped, kind);
        }
    }

    public void StackStopped() => Interlocked.Increment(ref _stacksStopped);
}

/// <summary>What a recorded secret is.</summary>
public enum SecretKind
{
    Password,
    PasswordHash,
    Email,
}
