using System.Diagnostics;
using System.Globalization;

namespace Signup.Testing;

/// <summary>Finds and kills the registration function's processes, which the stack in this test process started.</summary>
public static class FunctionProcesses
{
    /// <summary>
    /// Sends SIGKILL to <paramref name="processId"/> after checking, through /proc, that it is a child of this test
    /// process, so that a reused id can never hit a process of someone else.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process is not a child of this test process.</exception>
    public static void Kill(int processId)
    {
        var parent = ParentOf(processId);
        if (parent != Environment.ProcessId)
        {
            throw new InvalidOperationException(
                $"Process {processId} is not a child of this test process (its parent is {parent?.ToString(CultureInfo.InvariantCulture) ?? "gone"}).");
        }

        using var process = Process.GetProcessById(processId);

        // On Unix, Process.Kill sends SIGKILL, which the process cannot catch: it dies mid-request.
        process.Kill();
    }

    /// <summary>Waits until the process is gone (or a zombie); returns false if it still runs after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int processId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (State(processId) is { } state && state is not ('Z' or 'X'))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private static int? ParentOf(int processId) =>
        ReadStatFields(processId) is { } fields
            ? int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture)
            : null;

    private static char? State(int processId) => ReadStatFields(processId)?[0][0];

    // Returns the fields of /proc/PID/stat after the command name: the state, then the parent id, and so on.
    private static string[]? ReadStatFields(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may itself contain spaces and parentheses.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
