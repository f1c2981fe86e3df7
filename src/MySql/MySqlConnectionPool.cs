using System.Collections.Concurrent;

namespace Serverless.MySql;

/// <summary>
/// A small pool of open connections keyed by <see cref="MySqlConnectionOptions"/> (endpoint, credentials and
/// settings). A connection is reset and so health-checked (COM_RESET_CONNECTION) when rented; one that fails the
/// check, sat idle too long, or comes back broken or mid-result is closed instead of reused.
/// </summary>
public sealed class MySqlConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<MySqlConnectionOptions, Bucket> _buckets = new();
    private readonly TimeProvider _time;
    private bool _disposed;

    /// <param name="maxConnectionsPerEndpoint">Connections open at once for one set of options; renters wait beyond it.</param>
    /// <param name="idleTimeout">Idle connections older than this are closed rather than reused (servers drop idle sessions after wait_timeout).</param>
    /// <param name="timeProvider">Clock for idle ages; the system clock by default.</param>
    public MySqlConnectionPool(int maxConnectionsPerEndpoint = 16, TimeSpan? idleTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnectionsPerEndpoint, 1);
        MaxConnectionsPerEndpoint = maxConnectionsPerEndpoint;
        IdleTimeout = idleTimeout ?? TimeSpan.FromMinutes(2);
        _time = timeProvider ?? TimeProvider.System;
    }

    public int MaxConnectionsPerEndpoint { get; }

    public TimeSpan IdleTimeout { get; }

    /// <summary>Idle connections currently kept for <paramref name="options"/>.</summary>
    public int IdleCount(MySqlConnectionOptions options) => _buckets.TryGetValue(options, out var bucket) ? bucket.Idle.Count : 0;

    /// <summary>Rents an open, reset connection; dispose the lease to give it back.</summary>
    public async Task<MySqlConnectionLease> RentAsync(MySqlConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bucket = _buckets.GetOrAdd(options, _ => new Bucket(MaxConnectionsPerEndpoint));
        await bucket.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (bucket.Idle.TryPop(out var idle))
            {
                if (_time.GetUtcNow() - idle.ReturnedAt > IdleTimeout)
                {
                    await idle.Connection.DisposeAsync().ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await idle.Connection.ResetAsync(cancellationToken).ConfigureAwait(false);
                    return new MySqlConnectionLease(this, bucket, idle.Connection);
                }
                catch (Exception ex) when (ex is MySqlException)
                {
                    await idle.Connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            var connection = await MySqlConnection.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            return new MySqlConnectionLease(this, bucket, connection);
        }
        catch
        {
            bucket.Slots.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var bucket in _buckets.Values)
        {
            while (bucket.Idle.TryPop(out var idle))
            {
                await idle.Connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    internal async ValueTask ReturnAsync(Bucket bucket, MySqlConnection connection)
    {
        try
        {
            if (_disposed || connection.IsBroken || connection.HasActiveReader)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                bucket.Idle.Push(new IdleConnection(connection, _time.GetUtcNow()));
            }
        }
        finally
        {
            bucket.Slots.Release();
        }
    }

    internal sealed class Bucket(int size)
    {
        public SemaphoreSlim Slots { get; } = new(size, size);

        public ConcurrentStack<IdleConnection> Idle { get; } = new();
    }

    internal readonly record struct IdleConnection(MySqlConnection Connection, DateTimeOffset ReturnedAt);
}
