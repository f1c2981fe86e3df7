using System.Globalization;

namespace Serverless.Platforms.Tests.Local;

/// <summary>
/// Finds processes by session and kills them the way a crash or an operator would; liveness
/// checks use <see cref="Serverless.Platforms.Local.LinuxProcess"/>.
/// </summary>
internal static class ProcessTable
{
    /// <summary>The session id of a process (field 6 of /proc/pid/stat).</summary>
    public static int SessionOf(int pid) =>
        int.Parse((StatFields(pid) ?? throw new InvalidOperationException($"Process {pid} is gone."))[3], CultureInfo.InvariantCulture);

    /// <summary>The processes of a session.</summary>
    public static IReadOnlyList<int> SessionMembers(int sessionId)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid)
                && StatFields(pid) is { } fields
                && fields[0] is not ("Z" or "X")
                && fields[3] == sessionId.ToString(CultureInfo.InvariantCulture))
            {
                members.Add(pid);
            }
        }

        return members;
    }

    /// <summary>Sends SIGKILL through the kill command, as an operator would.</summary>
    public static void KillHard(int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    // Fields after "pid (comm) ": [0] state, [1] ppid, [2] pgrp, [3] session, ...
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
