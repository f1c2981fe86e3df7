namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The rules for the names of an instance's users and databases, for instance create and for the users and databases
/// of a running instance alike: what a client may create, and which server accounts and schemas belong to the
/// service or the server itself (never listed, never changed through the API).
/// </summary>
internal static class AccountNames
{
    public const int MaxDatabaseNameLength = 64;
    public const int MaxUserNameLength = 32;
    public const int MaxHostLength = 255;
    public const int MaxPasswordLength = 128;

    /// <summary>The account <c>root enable</c> creates: <c>root</c> from any host, as in Trove.</summary>
    public const string RootUser = "root";

    /// <summary>The host every user has when a request names none, as in Trove.</summary>
    public const string AnyHost = "%";

    private static readonly HashSet<string> ReservedDatabases = new(StringComparer.OrdinalIgnoreCase)
    {
        "mysql", "information_schema", "performance_schema", "sys", "lost+found",

        // Where a restore records its progress until it completes (SnapshotLoader): the service's, not the client's.
        "dbaas_load_progress",
    };

    // The platforms' admin accounts (admin locally, the administrator login on Azure is chosen by us too), the
    // replication accounts and the servers' own system accounts; root only through root enable.
    private static readonly HashSet<string> ReservedUsers = new(StringComparer.OrdinalIgnoreCase)
    {
        RootUser, "admin", "mysql", "mariadb.sys", "serverless_admin", "os_admin", "repl", "replication", "replicator",
        "azure_superuser", "PUBLIC",
    };

    /// <summary>Whether a server account belongs to the service or the server rather than to the client.</summary>
    /// <param name="name">The account's user part.</param>
    /// <param name="adminUser">The platform's admin account on this server.</param>
    public static bool IsServiceUser(string name, string adminUser) =>
        string.IsNullOrEmpty(name)
        || ReservedUsers.Contains(name)
        || string.Equals(name, adminUser, StringComparison.OrdinalIgnoreCase)
        || HasServicePrefix(name)
        || name.StartsWith("mysql.", StringComparison.OrdinalIgnoreCase);

    // serverless_: the service's own accounts; repl_: each replica's account on its source (Replication/ReplicationAccounts).
    private static bool HasServicePrefix(string name) =>
        name.StartsWith("serverless_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("repl_", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a schema belongs to the server (never listed, created or dropped through the API).</summary>
    public static bool IsSystemDatabase(string name) => ReservedDatabases.Contains(name);

    /// <exception cref="CatalogValidationException">The name is not one a client may create.</exception>
    public static void ValidateDatabase(string? name)
    {
        if (!IsIdentifier(name, MaxDatabaseNameLength, allowDollar: true))
        {
            throw new CatalogValidationException(
                $"Database name '{Printable(name)}' is invalid: use 1-{MaxDatabaseNameLength} letters, digits, '_' or '$'.");
        }

        if (IsSystemDatabase(name!))
        {
            throw new CatalogValidationException($"Database name '{name}' is reserved: choose another name.");
        }
    }

    /// <exception cref="CatalogValidationException">The name is not one a client may create.</exception>
    public static void ValidateUser(string? name)
    {
        if (!IsIdentifier(name, MaxUserNameLength, allowDollar: false))
        {
            throw new CatalogValidationException(
                $"User name '{Printable(name)}' is invalid: use 1-{MaxUserNameLength} letters, digits or '_'.");
        }

        if (ReservedUsers.Contains(name!) || HasServicePrefix(name!))
        {
            throw new CatalogValidationException($"User name '{name}' is reserved: choose another name.");
        }
    }

    /// <summary>Whether <paramref name="name"/> and <paramref name="host"/> could name an account this service made: anything else is no account, and is never sent to the server.</summary>
    public static bool CouldBeAccount(string name, string host) =>
        IsIdentifier(name, MaxUserNameLength, allowDollar: false)
        && host.Length <= MaxHostLength && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '%' or '_' or '-' or ':');

    /// <summary>Checks a user's host part and returns it, <c>%</c> when none is given.</summary>
    /// <exception cref="CatalogValidationException">The host is not a host name, an IP address or a pattern of them.</exception>
    public static string ValidateHost(string? host, string user)
    {
        var value = string.IsNullOrEmpty(host) ? AnyHost : host;
        if (value.Length > MaxHostLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '%' or '_' or '-' or ':'))
        {
            throw new CatalogValidationException($"The host of user '{Printable(user)}' is invalid: use a host name, an IP address or '%'.");
        }

        return value;
    }

    /// <summary>Checks a password without ever echoing it.</summary>
    /// <exception cref="CatalogValidationException">The password is empty, too long or holds control characters.</exception>
    public static void ValidatePassword(string? password, string user)
    {
        if (string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength || password.Any(char.IsControl))
        {
            throw new CatalogValidationException(
                $"The password of user '{Printable(user)}' is invalid: give 1-{MaxPasswordLength} characters without control characters or line breaks.");
        }
    }

    /// <summary>Names echoed in messages are cut and stripped of control characters.</summary>
    public static string Printable(string? value) =>
        value is null ? "" : new string([.. value.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    private static bool IsIdentifier(string? value, int maxLength, bool allowDollar) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= maxLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowDollar && c == '$'));
}
