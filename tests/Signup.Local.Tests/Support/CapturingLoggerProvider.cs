using Microsoft.Extensions.Logging;

namespace Signup.Local.Tests.Support;

/// <summary>Writes log messages to an <see cref="OutputCapture"/> as <c>level: category[id] message</c> lines.</summary>
internal sealed class CapturingLoggerProvider(OutputCapture output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(OutputCapture output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                output.WriteLine($"{logLevel}: {category}[{eventId.Id}] {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
