using System.Runtime.Versioning;

namespace Serverless.Platforms.Local;

/// <summary>Writes files only the current user may read (mode 0600): keys, passwords, init SQL.</summary>
[SupportedOSPlatform("linux")]
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates or replaces <paramref name="path"/>; the content is never readable by others, not even briefly.</summary>
    public static async Task WriteAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        await using (var stream = new FileStream(path, options))
        {
            // UnixCreateMode only applies to new files; tighten an existing one before writing.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnly);
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }
}
