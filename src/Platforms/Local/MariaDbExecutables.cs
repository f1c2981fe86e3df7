using System.Diagnostics;

namespace Serverless.Platforms.Local;

/// <summary>
/// Where the MariaDB server binaries are installed (Debian's <c>mariadb-server</c> package puts
/// <c>mariadbd</c> in /usr/sbin, which is often not on a non-root user's PATH) and which version
/// they are.
/// </summary>
internal sealed record MariaDbExecutables(string Server, string InstallDb, string Version)
{
    private static readonly string[] SearchDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin"];
    private static readonly SemaphoreSlim DiscoveryLock = new(1, 1);
    private static MariaDbExecutables? discovered;

    /// <summary>Finds the binaries once per process and caches the answer.</summary>
    public static async Task<MariaDbExecutables> DiscoverAsync(CancellationToken cancellationToken)
    {
        if (discovered is { } cached)
        {
            return cached;
        }

        await DiscoveryLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (discovered is null)
            {
                var server = Find("mariadbd", "mysqld");
                var installDb = Find("mariadb-install-db", "mysql_install_db");
                var version = await ReadVersionAsync(server, cancellationToken).ConfigureAwait(false);
                discovered = new MariaDbExecutables(server, installDb, version);
            }

            return discovered;
        }
        finally
        {
            DiscoveryLock.Release();
        }
    }

    private static string Find(params string[] names)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in path.Concat(SearchDirectories))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"'{names[0]}' was not found on PATH or in {string.Join(", ", SearchDirectories)}. " +
            "Install MariaDB (scripts/install.sh installs mariadb-server).");
    }

    private static async Task<string> ReadVersionAsync(string server, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("--version");
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run '{server} --version'.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

        // "/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)"
        var words = output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(words, "Ver");
        if (process.ExitCode != 0 || index < 0 || index + 1 >= words.Length)
        {
            throw new InvalidOperationException($"Could not read the version of '{server}': '{output.Trim()}'.");
        }

        return words[index + 1];
    }
}
