using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// Parses <c>--replicate-from mysql://user@host[:port]/db1,db2[?ca=FILE]</c> (a migration's external source) and finds
/// its password: <c>--source-password-file</c>, else <c>DBAAS_SOURCE_PASSWORD</c>, else a prompt on the terminal. A
/// password is never taken from the command line (shells and process lists keep it), and errors never echo one.
/// </summary>
internal static class ExternalSourceSpec
{
    public const string Syntax = "mysql://user@host[:port]/db1,db2[?ca=FILE]";
    public const string PasswordVariable = "DBAAS_SOURCE_PASSWORD";

    public static async Task<NewExternalSource> ParseAsync(string text, string? passwordFile, CliSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "mysql" || uri.Host.Length == 0)
        {
            throw new CliUsageException($"--replicate-from must look like {Syntax}.");
        }

        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new CliUsageException($"--replicate-from must not hold a password: give it with --source-password-file, {PasswordVariable}, or at the prompt.");
        }

        var user = Uri.UnescapeDataString(uri.UserInfo);
        if (user.Length == 0)
        {
            throw new CliUsageException($"--replicate-from needs the migration account: {Syntax}.");
        }

        var databases = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (databases.Length == 0)
        {
            throw new CliUsageException($"--replicate-from names no database to migrate: {Syntax}.");
        }

        string? ca = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0
                ? (pair[..equals], Uri.UnescapeDataString(pair[(equals + 1)..]))
                : (pair, string.Empty);
            if (key != "ca" || value.Length == 0)
            {
                throw new CliUsageException($"--replicate-from knows one option, ca=FILE (the source's CA certificate, PEM); not '{key}'.");
            }

            ca = await ReadFileAsync(value, "the CA certificate", cancellationToken);
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var password = await PasswordAsync(passwordFile, settings, cancellationToken);
        return new NewExternalSource(host, uri.IsDefaultPort ? 3306 : uri.Port, user, password, databases, ca);
    }

    private static async Task<string> PasswordAsync(string? passwordFile, CliSettings settings, CancellationToken cancellationToken)
    {
        if (passwordFile is not null)
        {
            var line = (await ReadFileAsync(passwordFile, "the password file", cancellationToken)).Split('\n')[0].TrimEnd('\r');
            return line.Length > 0 ? line : throw new CliUsageException($"The password file {passwordFile} is empty.");
        }

        if (settings.Environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (!ReferenceEquals(settings.Console.Out, Console.Out) || Console.IsInputRedirected)
        {
            throw new CliUsageException($"The source's password is needed: give --source-password-file FILE or set {PasswordVariable} (no terminal to prompt on).");
        }

        settings.Console.Error.Write("Password of the source's account: ");
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        settings.Console.Error.WriteLine();
        return typed.Length > 0 ? typed.ToString() : throw new CliUsageException("No password was typed.");
    }

    private static async Task<string> ReadFileAsync(string path, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot read {what} {path}: {ex.Message}");
        }
    }
}
