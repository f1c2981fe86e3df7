using System.Diagnostics;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Named places where a test can make the process die at once, as a SIGKILL or an OOM kill would, to prove that a crash
/// exactly there is recovered from. Off unless <c>SERVERLESS_CRASH_POINTS</c> names a directory; a point fires once when
/// a file of its name is in that directory (the file is removed first, so the restarted process runs on).
/// </summary>
internal static class CrashPoints
{
    /// <summary>An instance's status (or a new instance) is recorded; its operation record and orchestration are not yet.</summary>
    public const string AfterStatusChange = "after-status-change";

    /// <summary>The operation record is written; its orchestration is not scheduled yet.</summary>
    public const string BeforeSchedule = "before-schedule";

    /// <summary>An eject has chosen the replica that takes over (its old source fenced); nothing of the failover is done yet.</summary>
    public const string EjectElected = "eject-elected";

    private static readonly string? Directory = Environment.GetEnvironmentVariable("SERVERLESS_CRASH_POINTS");

    /// <summary>Kills this process if the point is armed; otherwise does nothing.</summary>
    /// <param name="point">The point's name.</param>
    public static void Reach(string point)
    {
        if (Directory is null)
        {
            return;
        }

        var armed = Path.Combine(Directory, point);
        if (!File.Exists(armed))
        {
            return;
        }

        File.Delete(armed);
        using var self = Process.GetCurrentProcess();
        self.Kill();
        // Kill returns before the signal lands; never run past the point.
        Thread.Sleep(Timeout.Infinite);
    }
}
