using System.Text.Json;

namespace Serverless.Platforms.Local;

/// <summary>
/// Who owns a state directory and which server process runs on it, written to
/// <c>owner.json</c> as soon as the directory exists and again once the server runs.
/// Later starts use it to find servers whose owner died (<see cref="OrphanedServerSweeper"/>)
/// and to stop a leftover server before reusing a state directory.
/// </summary>
/// <param name="OwnerProcessId">The process that started the server.</param>
/// <param name="OwnerStartTime">The owner's start time (see <see cref="LinuxProcess.StartTime"/>), so a reused pid is not mistaken for the owner.</param>
/// <param name="ServerProcessId">The server process (<c>mariadbd</c>, <c>azurite-blob</c>), 0 before it is launched.</param>
/// <param name="Guarded">Whether the server dies with its owner; only guarded servers are swept.</param>
internal sealed record ServerOwnerRecord(int OwnerProcessId, long OwnerStartTime, int ServerProcessId, bool Guarded)
{
    /// <summary>The record's file name inside a state directory.</summary>
    public const string FileName = "owner.json";

    /// <summary>The record's file in <paramref name="stateDirectory"/>.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>A record naming the current process as owner.</summary>
    public static ServerOwnerRecord ForCurrentProcess(int serverProcessId, bool guarded) =>
        new(Environment.ProcessId, LinuxProcess.StartTime(Environment.ProcessId) ?? 0, serverProcessId, guarded);

    /// <summary>Whether the owning process still runs.</summary>
    public bool OwnerIsAlive =>
        LinuxProcess.IsAlive(OwnerProcessId) && LinuxProcess.StartTime(OwnerProcessId) == OwnerStartTime;

    /// <summary>Reads the record; null when the file is missing or unreadable (for example half-written).</summary>
    public static ServerOwnerRecord? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ServerOwnerRecordJsonContext.Default.ServerOwnerRecord);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record atomically (write a temporary file, then rename).</summary>
    public void Write(string path)
    {
        AtomicFile.Replace(path, JsonSerializer.Serialize(this, ServerOwnerRecordJsonContext.Default.ServerOwnerRecord));
    }
}
