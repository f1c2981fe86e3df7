using System.Diagnostics;
using System.Globalization;
using Serverless.Platforms.Local;

namespace Serverless.Platforms.Tests.Local;

/// <summary>
/// Runs SQL through the <c>mariadb</c> command-line client. The launcher tests check the server
/// with an independent client rather than with our own protocol library.
/// </summary>
internal static class MariaDbCommandLine
{
    /// <summary>Runs <paramref name="sql"/> over TCP and returns the tab-separated rows without headers.</summary>
    public static async Task<string> QueryAsync(
        MariaDbServer server,
        string sql,
        string? user = null,
        string? password = null,
        bool verifiedTls = false,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("mariadb")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--no-defaults");
        startInfo.ArgumentList.Add("--protocol=TCP");
        startInfo.ArgumentList.Add($"--host={server.Host}");
        startInfo.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--port={server.Port}"));
        startInfo.ArgumentList.Add($"--user={user ?? server.AdminUser}");
        startInfo.ArgumentList.Add("--batch");
        startInfo.ArgumentList.Add("--skip-column-names");
        if (verifiedTls)
        {
            startInfo.ArgumentList.Add("--ssl");
            startInfo.ArgumentList.Add($"--ssl-ca={server.TlsCaCertificatePath}");
            startInfo.ArgumentList.Add("--ssl-verify-server-cert");
        }
        else
        {
            startInfo.ArgumentList.Add("--skip-ssl");
        }

        startInfo.ArgumentList.Add($"--execute={sql}");
        startInfo.Environment["MYSQL_PWD"] = password ?? server.AdminPassword;

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not run the mariadb client.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb exited with {process.ExitCode}: {await error}");
        }

        return (await output).TrimEnd('\n');
    }
}
