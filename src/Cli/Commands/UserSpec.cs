using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// Parses <c>--user &lt;name&gt;:&lt;password&gt;[@host][:db1,db2]</c>. The name ends at the first ':'. With an '@',
/// the password ends at the last '@' and the databases follow the host after a ':'; without one, a last ':'
/// starts the databases. A password holding ':' or '@' therefore needs an explicit host (<c>@%</c>).
/// Errors name the user only: the text holds a password.
/// </summary>
internal static class UserSpec
{
    public const string Syntax = "<name>:<password>[@host][:db1,db2]";

    public static NewUser Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            // Without a ':' there is no password in the text, and before it no name: say which, echo nothing.
            throw new CliUsageException(colon == 0
                ? $"--user needs a name before the ':'; use {Syntax}."
                : $"--user needs a password; use {Syntax}.");
        }

        var name = text[..colon];
        var rest = text[(colon + 1)..];
        string password;
        var host = string.Empty;
        var databases = string.Empty;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            password = rest[..at];
            var hostAndDatabases = rest[(at + 1)..];
            var split = hostAndDatabases.IndexOf(':', StringComparison.Ordinal);
            host = split >= 0 ? hostAndDatabases[..split] : hostAndDatabases;
            databases = split >= 0 ? hostAndDatabases[(split + 1)..] : string.Empty;
            if (host.Length == 0)
            {
                throw new CliUsageException($"--user '{name}' has an empty host after '@'; use {Syntax}, or leave out '@' for any host.");
            }
        }
        else
        {
            var split = rest.LastIndexOf(':');
            password = split >= 0 ? rest[..split] : rest;
            databases = split >= 0 ? rest[(split + 1)..] : string.Empty;
        }

        if (password.Length == 0)
        {
            throw new CliUsageException($"--user '{name}' has an empty password; use {Syntax}.");
        }

        var names = databases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new NewUser(name, password, host, names);
    }
}
