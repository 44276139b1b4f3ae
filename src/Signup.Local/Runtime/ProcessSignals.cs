using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Signup.Local.Runtime;

/// <summary>Sends SIGTERM, which <see cref="Process"/> cannot: its <c>Kill</c> sends SIGKILL.</summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop; returns false where POSIX signals are unavailable or the call failed.</summary>
    public static bool TryTerminate(Process process)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return false;
        }

        try
        {
            return Kill(process.Id, SigTerm) == 0;
        }
        catch (InvalidOperationException)
        {
            // The process has exited and its id is no longer available.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
