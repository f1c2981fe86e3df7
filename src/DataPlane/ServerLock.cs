using System.Security.Cryptography;
using System.Text;
using MySqlConnector;
namespace Serverless.DataPlane;

/// <summary>
/// A named lock held on a database server (<c>GET_LOCK</c>) for as long as this object lives, by its own session. Steps
/// that the durable runtime may deliver twice at the same time (after a host is killed, both copies start within a
/// second) take one around the work, so that the second copy waits for the first and then finds its work done. The
/// lock goes with the session: a process that dies releases it when the server sees the connection close.
/// </summary>
public sealed class ServerLock : IAsyncDisposable
{
    // GET_LOCK names are at most 64 characters.
    private const int MaxNameLength = 64;

    private readonly MySqlConnection _session;
    private readonly string _name;

    private ServerLock(MySqlConnection session, string name)
    {
        _session = session;
        _name = name;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="wait"/> for another holder to let it go.</summary>
    /// <param name="server">The server that holds the lock.</param>
    /// <param name="name">What the lock guards; names longer than 64 characters are shortened by a hash.</param>
    /// <param name="wait">How long to wait for it (whole seconds; at least one).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The held lock; dispose it to let it go.</returns>
    /// <exception cref="TimeoutException">Another session held the lock for all of <paramref name="wait"/>.</exception>
    public static async Task<ServerLock> AcquireAsync(ServerConnection server, string name, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var lockName = name.Length <= MaxNameLength ? name : $"{name[..(MaxNameLength - 17)]}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16]}";
        var session = server.CreateConnection();
        try
        {
            await session.OpenAsync(cancellationToken).ConfigureAwait(false);

            // DO would discard GET_LOCK's answer, and MariaDB treats a negative timeout as none: ask, and check the answer.
            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            await using var command = new MySqlCommand("SELECT GET_LOCK(@name, @seconds)", session);
            command.Parameters.AddWithValue("@name", lockName);
            command.Parameters.AddWithValue("@seconds", seconds);
            command.CommandTimeout = 0;
            var granted = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (granted is null or DBNull || Convert.ToInt64(granted, System.Globalization.CultureInfo.InvariantCulture) != 1)
            {
                throw new TimeoutException($"Another session on {server.Endpoint} held lock '{lockName}' for {seconds} s.");
            }

            return new ServerLock(session, lockName);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lets the lock go (explicitly: a pooled connection keeps its session, and the lock, until it is reused).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new MySqlCommand("DO RELEASE_LOCK(@name)", _session);
            command.Parameters.AddWithValue("@name", _name);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlException)
        {
            // The session is gone, and the lock with it.
        }
        finally
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
