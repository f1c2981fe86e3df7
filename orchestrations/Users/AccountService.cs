using System.Security.Cryptography;
using MySqlConnector;
using Serverless.DataPlane.Accounts;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Users;

/// <summary>
/// The users, their database access, the databases and the root account of a running instance (Trove's
/// <c>/instances/{id}/users</c>, <c>/databases</c> and <c>/root</c>).
/// </summary>
/// <remarks>
/// <para>
/// The server is the truth, as in Trove: every call reads or changes the server's own accounts and schemas
/// through the platform's admin access, and the catalog records nothing. Each change is one short conversation
/// that the caller waits for, not an orchestration: there is nothing to record, so nothing to make consistent
/// after a crash. A client that lost the answer sees the server's state on its next read (a second create answers
/// "already exists"); a user create whose grant fails drops the new account again.
/// </para>
/// <para>
/// Passwords go to the server only: a user's password is never stored, and the root password <c>root enable</c>
/// generates is returned once to the caller and kept nowhere else.
/// </para>
/// <para>
/// Allowed while the instance is <c>ACTIVE</c> or taking a backup (neither conflicts with account changes);
/// refused while it is built, restarted or deleted. On a read-only replica, reads work and changes are refused
/// with <see cref="InstanceReadOnlyException"/>: accounts and schemas arrive from the source through replication.
/// </para>
/// </remarks>
public sealed class AccountService
{
    private const int GeneratedPasswordLength = 24;
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private readonly IDocumentStore _catalog;
    private readonly IDatabasePlatform _platform;
    private readonly ISecretStore _secrets;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog, to find the instance and its state.</param>
    /// <param name="platform">Gives the admin access to the instance's server.</param>
    /// <param name="secrets">Holds the admin password.</param>
    public AccountService(IDocumentStore catalog, IDatabasePlatform platform, ISecretStore secrets)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(secrets);
        _catalog = catalog;
        _platform = platform;
        _secrets = secrets;
    }

    /// <summary>Lists the instance's users (not the service's or the server's own accounts, nor root), by name and host.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    public async Task<IReadOnlyList<InstanceUser>> ListUsersAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: false, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var all = await accounts.ListUsersAsync(cancellationToken).ConfigureAwait(false);
            return [.. all.Where(account => !AccountNames.IsServiceUser(account.Name, admin)).Select(ToUser)];
        }
    }

    /// <summary>Reads one user.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The user name.</param>
    /// <param name="host">The host part; <c>%</c> when null or empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such user on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    public async Task<InstanceUser> GetUserAsync(string projectId, string instanceId, string name, string? host, CancellationToken cancellationToken)
    {
        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: false, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            return ToUser(await RequireUserAsync(accounts, admin, name, host, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Creates users, each with all privileges on its databases. All are checked before any is created: names,
    /// hosts, passwords, that none exists yet and that their databases exist.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="users">The users.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">A name, host or password is invalid, a user is listed twice or exists already.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">A database to grant does not exist.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task CreateUsersAsync(string projectId, string instanceId, IReadOnlyList<CreateUserRequest> users, CancellationToken cancellationToken)
    {
        if (users is null || users.Count == 0)
        {
            throw new CatalogValidationException("The request has no users: give at least one user with a name and a password.");
        }

        var valid = new List<(CreateUserRequest User, string Host)>(users.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var user in users)
        {
            AccountNames.ValidateUser(user?.Name);
            var host = AccountNames.ValidateHost(user!.Host, user.Name);
            AccountNames.ValidatePassword(user.Password, user.Name);
            foreach (var database in user.Databases ?? [])
            {
                AccountNames.ValidateDatabase(database);
            }

            if (!seen.Add((user.Name, host)))
            {
                throw new CatalogValidationException($"User '{user.Name}'@'{host}' is listed twice: list each user once.");
            }

            valid.Add((user, host));
        }

        var (accounts, _) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var databases = await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (user, host) in valid)
            {
                if (await accounts.FindUserAsync(user.Name, host, cancellationToken).ConfigureAwait(false) is not null)
                {
                    throw new CatalogValidationException($"User '{user.Name}'@'{host}' already exists on the instance: choose another name or host, or delete that user first.");
                }

                RequireDatabases(databases, user.Databases ?? []);
            }

            foreach (var (user, host) in valid)
            {
                try
                {
                    await accounts.CreateUserAsync(user.Name, host, user.Password, [.. (user.Databases ?? []).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.CannotUser)
                {
                    // Another request created it between the check and here.
                    throw new CatalogValidationException($"User '{user.Name}'@'{host}' already exists on the instance: choose another name or host, or delete that user first.");
                }
            }
        }
    }

    /// <summary>Deletes a user.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The user name.</param>
    /// <param name="host">The host part; <c>%</c> when null or empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such user on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task DeleteUserAsync(string projectId, string instanceId, string name, string? host, CancellationToken cancellationToken)
    {
        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var user = await RequireUserAsync(accounts, admin, name, host, cancellationToken).ConfigureAwait(false);
            await accounts.DropUserAsync(user.Name, user.Host, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Changes a user's name, host or password (Trove's <c>user update attributes</c>).</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The user name.</param>
    /// <param name="host">The host part; <c>%</c> when null or empty.</param>
    /// <param name="change">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">Nothing to change, an invalid value, or the new account exists already.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such user on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task UpdateUserAsync(string projectId, string instanceId, string name, string? host, UserChange change, CancellationToken cancellationToken)
    {
        if (change is null || (change.NewName is null && change.NewHost is null && change.NewPassword is null))
        {
            throw new CatalogValidationException($"No updates specified for user {AccountNames.Printable(name)}: give a new name, host or password.");
        }

        var newName = change.NewName ?? name;
        AccountNames.ValidateUser(newName);
        if (change.NewPassword is not null)
        {
            AccountNames.ValidatePassword(change.NewPassword, name);
        }

        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var user = await RequireUserAsync(accounts, admin, name, host, cancellationToken).ConfigureAwait(false);
            var newHost = change.NewHost is null ? user.Host : AccountNames.ValidateHost(change.NewHost, newName);
            var renamed = newName != user.Name || newHost != user.Host;
            if (renamed && await accounts.FindUserAsync(newName, newHost, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new CatalogValidationException($"User '{newName}'@'{newHost}' already exists on the instance: choose another name or host.");
            }

            if (change.NewPassword is { } password)
            {
                await accounts.SetPasswordAsync(user.Name, user.Host, password, cancellationToken).ConfigureAwait(false);
            }

            if (renamed)
            {
                await accounts.RenameUserAsync(user.Name, user.Host, newName, newHost, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Grants a user all privileges on existing databases.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The user name.</param>
    /// <param name="host">The host part; <c>%</c> when null or empty.</param>
    /// <param name="databases">The databases.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">No databases given, or an invalid name.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such user or database on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task GrantAsync(string projectId, string instanceId, string name, string? host, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        if (databases is null || databases.Count == 0)
        {
            throw new CatalogValidationException("The request has no databases: give at least one database to grant access to.");
        }

        foreach (var database in databases)
        {
            AccountNames.ValidateDatabase(database);
        }

        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var user = await RequireUserAsync(accounts, admin, name, host, cancellationToken).ConfigureAwait(false);
            RequireDatabases(await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false), databases);
            await accounts.GrantAsync(user.Name, user.Host, [.. databases.Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes a user's privileges on one database; nothing changes when it had none there.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The user name.</param>
    /// <param name="host">The host part; <c>%</c> when null or empty.</param>
    /// <param name="database">The database.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such user or database on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task RevokeAsync(string projectId, string instanceId, string name, string? host, string database, CancellationToken cancellationToken)
    {
        var (accounts, admin) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var user = await RequireUserAsync(accounts, admin, name, host, cancellationToken).ConfigureAwait(false);
            if (!user.Databases.Contains(database, StringComparer.Ordinal))
            {
                RequireDatabases(await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false), [database]);
                return;
            }

            await accounts.RevokeAsync(user.Name, user.Host, database, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the instance's databases, without the server's own schemas.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    public async Task<IReadOnlyList<string>> ListDatabasesAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var (accounts, _) = await OpenAsync(projectId, instanceId, change: false, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var all = await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false);
            return [.. all.Where(name => !AccountNames.IsSystemDatabase(name))];
        }
    }

    /// <summary>Creates databases; all are checked (names, character sets, that none exists) before any is created.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="databases">The databases.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">An invalid name, character set or collation, a database listed twice or existing already.</exception>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task CreateDatabasesAsync(string projectId, string instanceId, IReadOnlyList<DatabaseDefinition> databases, CancellationToken cancellationToken)
    {
        if (databases is null || databases.Count == 0)
        {
            throw new CatalogValidationException("The request has no databases: give at least one database with a name.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var database in databases)
        {
            AccountNames.ValidateDatabase(database?.Name);
            ValidateCharacterSetName(database!.CharacterSet, "character set");
            ValidateCharacterSetName(database.Collation, "collation");
            if (!seen.Add(database.Name))
            {
                throw new CatalogValidationException($"Database '{database.Name}' is listed twice: list each database once.");
            }
        }

        var (accounts, _) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            var existing = await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var database in databases)
            {
                if (existing.Contains(database.Name, StringComparer.Ordinal))
                {
                    throw new CatalogValidationException($"Database '{database.Name}' already exists on the instance: choose another name.");
                }
            }

            foreach (var database in databases)
            {
                try
                {
                    await accounts.CreateDatabaseAsync(database, ifNotExists: false, cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DatabaseCreateExists)
                {
                    throw new CatalogValidationException($"Database '{database.Name}' already exists on the instance: choose another name.");
                }
                catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.UnknownCharacterSet or MySqlErrorCode.UnknownCollation or MySqlErrorCode.CollationCharsetMismatch)
                {
                    throw new CatalogValidationException($"Database '{database.Name}' was not created: {e.Message}. Choose a character set and collation the server has (SHOW CHARACTER SET, SHOW COLLATION).");
                }
            }
        }
    }

    /// <summary>Deletes a database and everything in it.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="name">The database.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">The database is one of the server's own.</exception>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">No such database on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task DeleteDatabaseAsync(string projectId, string instanceId, string name, CancellationToken cancellationToken)
    {
        if (AccountNames.IsSystemDatabase(name ?? ""))
        {
            throw new CatalogValidationException($"Database '{name}' belongs to the server and cannot be deleted.");
        }

        var (accounts, _) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            RequireDatabases(await accounts.ListDatabasesAsync(cancellationToken).ConfigureAwait(false), [name!]);
            await accounts.DropDatabaseAsync(name!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates the account <c>root</c> from any host with every privilege, or sets its password again when it
    /// exists. The password is returned once and kept nowhere.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="password">The password to set; a generated one when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogValidationException">The password given is invalid.</exception>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task<RootCredentials> EnableRootAsync(string projectId, string instanceId, string? password, CancellationToken cancellationToken)
    {
        if (password is not null)
        {
            AccountNames.ValidatePassword(password, AccountNames.RootUser);
        }

        var secret = password ?? RandomNumberGenerator.GetString(PasswordAlphabet, GeneratedPasswordLength);
        var (accounts, _) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            await accounts.EnsureUserAsync(AccountNames.RootUser, AccountNames.AnyHost, secret, [], cancellationToken).ConfigureAwait(false);
            await accounts.GrantEverythingAsync(AccountNames.RootUser, AccountNames.AnyHost, cancellationToken).ConfigureAwait(false);
        }

        return new RootCredentials(AccountNames.RootUser, secret);
    }

    /// <summary>Whether the instance has the account <c>root</c> that <see cref="EnableRootAsync"/> creates.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    public async Task<bool> IsRootEnabledAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var (accounts, _) = await OpenAsync(projectId, instanceId, change: false, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            return await accounts.FindUserAsync(AccountNames.RootUser, AccountNames.AnyHost, cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    /// <summary>Drops the account <c>root</c> that <see cref="EnableRootAsync"/> created.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">No such instance.</exception>
    /// <exception cref="AccountNotFoundException">Root is not enabled on it.</exception>
    /// <exception cref="InstanceBusyException">The instance is not running.</exception>
    /// <exception cref="InstanceReadOnlyException">The instance is a replica.</exception>
    public async Task DisableRootAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var (accounts, _) = await OpenAsync(projectId, instanceId, change: true, cancellationToken).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            if (await accounts.FindUserAsync(AccountNames.RootUser, AccountNames.AnyHost, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new AccountNotFoundException("Root user has never been enabled on the instance.");
            }

            await accounts.DropUserAsync(AccountNames.RootUser, AccountNames.AnyHost, cancellationToken).ConfigureAwait(false);
        }
    }

    private static InstanceUser ToUser(ServerAccount account) => new(account.Name, account.Host, account.Databases);

    private static void RequireDatabases(IReadOnlyList<string> existing, IEnumerable<string> wanted)
    {
        foreach (var database in wanted)
        {
            if (AccountNames.IsSystemDatabase(database) || !existing.Contains(database, StringComparer.Ordinal))
            {
                throw new AccountNotFoundException($"Database {AccountNames.Printable(database)} cannot be found on the instance.");
            }
        }
    }

    private static void ValidateCharacterSetName(string? value, string what)
    {
        if (value is not null && (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new CatalogValidationException($"The {what} '{AccountNames.Printable(value)}' is invalid: use a name such as utf8mb4 or utf8mb4_general_ci.");
        }
    }

    private static async Task<ServerAccount> RequireUserAsync(ServerAccounts accounts, string admin, string name, string? host, CancellationToken cancellationToken)
    {
        var account = string.IsNullOrEmpty(host) ? AccountNames.AnyHost : host;
        // A name the server's mysql.user cannot hold (4-byte characters, say) makes its lookup fail: it is simply no user.
        var found = string.IsNullOrEmpty(name) || AccountNames.IsServiceUser(name, admin) || !AccountNames.CouldBeAccount(name, account)
            ? null
            : await accounts.FindUserAsync(name, account, cancellationToken).ConfigureAwait(false);
        return found ?? throw new AccountNotFoundException($"User {AccountNames.Printable(name)}@{AccountNames.Printable(account)} cannot be found on the instance.");
    }

    /// <summary>Finds the instance, checks that it can take the call, and connects to its server as the admin.</summary>
    private async Task<(ServerAccounts Accounts, string AdminUser)> OpenAsync(string projectId, string instanceId, bool change, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (!CatalogIds.IsWellFormed(instanceId)
            || await _catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            throw new CatalogNotFoundException("Instance", instanceId ?? "");
        }

        var instance = stored.Value.Instance;
        if (instance.Status is not (InstanceStatus.Active or InstanceStatus.Backup))
        {
            throw new InstanceBusyException(instanceId, instance.Status);
        }

        if (change && instance.ReplicaOf is { } source)
        {
            throw new InstanceReadOnlyException(instanceId, source);
        }

        var admin = await AdminConnections.GetAsync(_platform, _secrets, instanceId, cancellationToken).ConfigureAwait(false);
        return (await ServerAccounts.OpenAsync(admin, cancellationToken).ConfigureAwait(false), admin.User);
    }
}
