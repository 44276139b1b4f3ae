using System.Text;
using Microsoft.Extensions.Logging;

namespace Signup.Testing;

/// <summary>
/// Keeps the last lines the stack writes (start-up lines, access logs, function output and log messages), so that a
/// failing test can show them, without flooding the test run's console.
/// </summary>
/// <param name="onLine">Called with every complete line, for a caller that needs all of them; null for none.</param>
public sealed class StackOutput(Action<string>? onLine = null) : TextWriter, ILoggerProvider
{
    private const int MaxLines = 2000;

    private readonly Lock _lock = new();
    private readonly Queue<string> _lines = new();
    private readonly StringBuilder _partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Returns the last <paramref name="count"/> lines, oldest first.</summary>
    public string Tail(int count = 40)
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _lines.Skip(Math.Max(0, _lines.Count - count)));
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                AddLine(_partial.ToString());
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
            AddLine(_partial.ToString());
            _partial.Clear();
        }
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    private void AddLine(string line)
    {
        onLine?.Invoke(line);
        _lines.Enqueue(line);
        if (_lines.Count > MaxLines)
        {
            _lines.Dequeue();
        }
    }

    private sealed class LineLogger(StackOutput output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                output.WriteLine($"{logLevel}: {category} {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
