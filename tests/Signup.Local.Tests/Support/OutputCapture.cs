using System.Text;

namespace Signup.Local.Tests.Support;

/// <summary>Collects the lines a stack writes: start-up lines, access logs, function output and log messages.</summary>
internal sealed class OutputCapture : TextWriter
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString());
                _partial.Clear();
            }
            else if (value != '\r')
            {
                _partial.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            _partial.Append(value);
            _lines.Add(_partial.ToString());
            _partial.Clear();
        }
    }

    /// <summary>Waits until a line matches; returns it, or null when none did within <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = Lines.FirstOrDefault(predicate);
            if (match is not null || DateTime.UtcNow > deadline)
            {
                return match;
            }

            await Task.Delay(50);
        }
    }
}
