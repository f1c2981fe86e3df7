namespace Serverless.Platforms.Local;

/// <summary>Replaces a small file so that a reader sees the old content or the new, never half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> beside <paramref name="path"/>, then renames it over the old file.</summary>
    public static void Replace(string path, string content)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
