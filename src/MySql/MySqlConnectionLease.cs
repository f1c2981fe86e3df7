namespace Serverless.MySql;

/// <summary>A connection rented from a <see cref="MySqlConnectionPool"/>; disposing it returns the connection.</summary>
public sealed class MySqlConnectionLease : IAsyncDisposable
{
    private readonly MySqlConnectionPool _pool;
    private readonly MySqlConnectionPool.Bucket _bucket;
    private MySqlConnection? _connection;

    internal MySqlConnectionLease(MySqlConnectionPool pool, MySqlConnectionPool.Bucket bucket, MySqlConnection connection)
    {
        _pool = pool;
        _bucket = bucket;
        _connection = connection;
    }

    public MySqlConnection Connection => _connection ?? throw new ObjectDisposedException(nameof(MySqlConnectionLease));

    public ValueTask DisposeAsync()
    {
        var connection = Interlocked.Exchange(ref _connection, null);
        return connection is null ? ValueTask.CompletedTask : _pool.ReturnAsync(_bucket, connection);
    }
}
