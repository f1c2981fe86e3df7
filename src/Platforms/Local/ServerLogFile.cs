namespace Serverless.Platforms.Local;

/// <summary>Reads what a server wrote to its log during one start, to explain a failed start.</summary>
internal static class ServerLogFile
{
    /// <summary>The current end of the log, where the next start's output will begin; 0 when there is no log yet.</summary>
    public static long EndOffset(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The log from <paramref name="offset"/> on; a note instead when it cannot be read.</summary>
    public static string ReadFrom(string path, long offset)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of <paramref name="log"/>.</summary>
    public static string Tail(string log, int lines) =>
        string.Join('\n', log.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
