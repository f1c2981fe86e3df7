using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MySqlConnector;

namespace Serverless.Bench.Replication;

/// <summary>
/// A client that writes one row at a time (<c>probe</c>) to the source and, when the source refuses a write, to the
/// replica being promoted, until the replica takes one; from then on it writes there. It records every acknowledged id,
/// the moment of the last acknowledged write on the old source and of the first on the new one, and every refusal.
/// </summary>
internal sealed class SwitchingWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<long> _acknowledged = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _switched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private TimeSpan _lastOnOld;
    private long _refused;

    /// <summary>Every id a server acknowledged.</summary>
    public IReadOnlyCollection<long> Acknowledged => _acknowledged;

    /// <summary>Writes refused (by either server) since the start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>From the last acknowledged write on the old source to the first on the new one; null before the switch.</summary>
    public TimeSpan? Window { get; private set; }

    public static Task<SwitchingWriter> StartAsync(Func<Task<MySqlConnection>> oldSource, Func<Task<MySqlConnection>> newSource)
    {
        var writer = new SwitchingWriter();
        writer._loop = Task.Run(() => writer.RunAsync(oldSource, newSource));
        return Task.FromResult(writer);
    }

    public async Task WaitForAcknowledgedAsync(int count, CancellationToken cancellationToken)
    {
        while (_acknowledged.Count < count)
        {
            if (_loop.IsCompleted)
            {
                await _loop;
                throw new InvalidOperationException("The probe writer stopped.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public Task WaitForNewSourceAsync(CancellationToken cancellationToken) => _switched.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);

    /// <summary>How many acknowledged ids the new source lacks.</summary>
    public async Task<long> CountMissingAsync(Func<Task<MySqlConnection>> newSource, CancellationToken cancellationToken)
    {
        var present = new HashSet<long>();
        await using var connection = await newSource();
        await using var command = new MySqlCommand("SELECT id FROM probe", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            present.Add(reader.GetInt64(0));
        }

        return _acknowledged.Count(id => !present.Contains(id));
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(Func<Task<MySqlConnection>> oldSource, Func<Task<MySqlConnection>> newSource)
    {
        MySqlConnection? old = await oldSource();
        await using var next = await newSource();
        try
        {
            for (long id = 1; !_stop.IsCancellationRequested; id++)
            {
                if (Window is null && old is not null)
                {
                    if (await TryWriteAsync(old, id))
                    {
                        _lastOnOld = _clock.Elapsed;
                        continue;
                    }

                    Interlocked.Increment(ref _refused);
                }

                // The old source refused: the same row goes to the new one until it takes it.
                while (!_stop.IsCancellationRequested)
                {
                    if (await TryWriteAsync(next, id))
                    {
                        if (Window is null)
                        {
                            Window = _clock.Elapsed - _lastOnOld;
                            _switched.TrySetResult();
                        }

                        break;
                    }

                    Interlocked.Increment(ref _refused);
                    if (Window is null && old is not null && await TryWriteAsync(old, id))
                    {
                        // The old source took it after all (the fence had not come yet): carry on there.
                        _lastOnOld = _clock.Elapsed;
                        break;
                    }
                }
            }
        }
        finally
        {
            if (old is not null)
            {
                await old.DisposeAsync();
            }
        }
    }

    private async Task<bool> TryWriteAsync(MySqlConnection connection, long id)
    {
        try
        {
            await using var insert = new MySqlCommand(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO probe VALUES ({id}, NOW(6))"), connection);
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
            _acknowledged.Enqueue(id);
            return true;
        }
        catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.OptionPreventsStatement)
        {
            return false;
        }
    }
}
