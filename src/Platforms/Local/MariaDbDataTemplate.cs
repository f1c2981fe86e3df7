using System.Diagnostics;
using System.Text;

namespace Serverless.Platforms.Local;

/// <summary>
/// A freshly initialized data directory, created once per MariaDB version with
/// <c>mariadb-install-db</c> and copied for every new server, because copying takes milliseconds
/// and installing takes seconds. Processes coordinate through a lock file; the finished template
/// appears by an atomic rename, so a half-built one is never used.
/// </summary>
internal static class MariaDbDataTemplate
{
    // Bump when the template's content changes (install options, InnoDB sizes).
    private const int FormatVersion = 1;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The template data directory for these binaries, created if missing.</summary>
    public static async Task<string> EnsureAsync(string sharedRoot, MariaDbExecutables executables, CancellationToken cancellationToken)
    {
        var templates = Path.Combine(sharedRoot, "templates");
        Directory.CreateDirectory(templates);
        var key = $"{Sanitize(executables.Version)}-v{FormatVersion}";
        var template = Path.Combine(templates, key);
        if (Directory.Exists(template))
        {
            return template;
        }

        await using var fileLock = await AcquireLockAsync(Path.Combine(templates, key + ".lock"), cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(template))
        {
            return template;
        }

        // Whoever held the lock before us and left a half-built directory has died.
        foreach (var abandoned in Directory.EnumerateDirectories(templates, $"{key}.building-*"))
        {
            Directory.Delete(abandoned, recursive: true);
        }

        var building = Path.Combine(templates, $"{key}.building-{Environment.ProcessId}");

        Directory.CreateDirectory(building);
        try
        {
            await InstallAsync(executables, building, cancellationToken).ConfigureAwait(false);
            File.Delete(Path.Combine(building, "install.cnf"));
            File.Delete(Path.Combine(building, "install.log"));
            Directory.Move(Path.Combine(building, "data"), template);
        }
        finally
        {
            Directory.Delete(building, recursive: true);
        }

        return template;
    }

    /// <summary>Copies the template into <paramref name="dataDirectory"/>, which must not exist yet.</summary>
    public static void CopyTo(string template, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        foreach (var directory in Directory.EnumerateDirectories(template, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(dataDirectory, Path.GetRelativePath(template, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(dataDirectory, Path.GetRelativePath(template, file)));
        }
    }

    private static async Task InstallAsync(MariaDbExecutables executables, string building, CancellationToken cancellationToken)
    {
        var data = Path.Combine(building, "data");
        var config = Path.Combine(building, "install.cnf");
        var log = Path.Combine(building, "install.log");
        await File.WriteAllTextAsync(config, MariaDbConfigFile.RenderForTemplate(data, log), cancellationToken).ConfigureAwait(false);

        var startInfo = new ProcessStartInfo(executables.InstallDb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add($"--defaults-file={config}");
        startInfo.ArgumentList.Add($"--user={Environment.UserName}");
        // root@localhost authenticates through the unix socket only; servers get their own
        // password-based admin account at first start.
        startInfo.ArgumentList.Add("--auth-root-authentication-method=socket");
        startInfo.ArgumentList.Add("--skip-test-db");

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run '{executables.InstallDb}'.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : "";
            throw new InvalidOperationException(
                $"'{executables.InstallDb}' failed with exit code {process.ExitCode} while creating the MariaDB template data directory in '{building}':\n{output}\n{serverLog}");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // On Unix, FileShare.None takes an exclusive flock(2), which the kernel releases
                // when the holder dies, so a crashed builder never blocks others for good.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Sanitize(string value) =>
        new([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
}
