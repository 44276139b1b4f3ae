using System.Globalization;

namespace Signup.Local.Tests.Support;

/// <summary>Checks processes through /proc, which also lists processes that the tests did not start.</summary>
internal static class ProcessProbe
{
    /// <summary>Whether <paramref name="processId"/> is a live process; zombies count as gone.</summary>
    public static bool IsRunning(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // The state follows the command name, which is in parentheses and may contain spaces.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    /// <summary>Waits until the process is gone; returns false if it still runs after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int processId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(processId))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Returns the ids of running processes whose command line contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> FindByCommandLine(string fragment)
    {
        var matches = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(fragment, StringComparison.Ordinal) && IsRunning(processId))
                {
                    matches.Add(processId);
                }
            }
            catch (IOException)
            {
                // The process exited while the directory was read.
            }
        }

        return matches;
    }
}
