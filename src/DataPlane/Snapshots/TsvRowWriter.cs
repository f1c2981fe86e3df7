using System.Buffers;
using System.IO.Pipelines;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Writes result rows in LOAD DATA's default format (fields separated by tab, rows ended by newline, NULL as
/// <c>\N</c>, and NUL, tab, newline and backslash escaped with a backslash) straight from the reader's value bytes
/// into a pooled buffer that is handed to a pipe when full. No per-value allocation.
/// </summary>
/// <remarks>
/// Values are copied with <see cref="MySqlDataReader.GetBytes(int, long, byte[], int, int)"/>, which needs every column to be binary (see the
/// dump's select list in <see cref="SnapshotCatalog"/>), directly into the buffer, and escaped there only when
/// they hold a byte that needs it. Typed getters would allocate a string or boxed value per value.
/// </remarks>
internal sealed class TsvRowWriter : IDisposable
{
    private const int BufferSize = 128 * 1024;

    private static readonly SearchValues<byte> Escaped = SearchValues.Create([0, (byte)'\t', (byte)'\n', (byte)'\\']);

    private readonly PipeWriter _output;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _committed;

    public TsvRowWriter(PipeWriter output) => _output = output;

    /// <summary>Bytes written so far, including those still buffered.</summary>
    public long Bytes => _committed + _used;

    /// <summary>Whether the buffer is full enough to be flushed before the next row.</summary>
    public bool ShouldFlush => _used >= BufferSize - 1024;

    /// <summary>Appends the reader's current row.</summary>
    public void WriteRow(MySqlDataReader reader)
    {
        var count = reader.FieldCount;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Put((byte)'\t');
            }

            if (reader.IsDBNull(i))
            {
                Put((byte)'\\');
                Put((byte)'N');
            }
            else
            {
                WriteValue(reader, i);
            }
        }

        Put((byte)'\n');
    }

    /// <summary>
    /// Hands the buffered bytes to the pipe and, while the reading side is behind, blocks until it catches up
    /// (back-pressure). Call it from the dump's own reading thread only: blocking is what that thread is for.
    /// </summary>
    /// <returns>False when the reading side has stopped (it failed or was cancelled).</returns>
    public bool Flush(CancellationToken cancellationToken)
    {
        Commit();
        var flush = _output.FlushAsync(cancellationToken);
        var result = flush.IsCompletedSuccessfully ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
        return !result.IsCompleted;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Copies a value into the buffer, in pieces when it is larger than the room left, escaping each piece.</summary>
    private void WriteValue(MySqlDataReader reader, int ordinal)
    {
        long offset = 0;
        while (true)
        {
            if (_used == _buffer.Length)
            {
                Commit();
            }

            var room = _buffer.Length - _used;
            var copied = (int)reader.GetBytes(ordinal, offset, _buffer, _used, room);
            EscapeCopied(copied);
            if (copied < room)
            {
                return;
            }

            offset += copied;
        }
    }

    /// <summary>Takes in the <paramref name="copied"/> bytes just placed after the buffer's content, escaping them if they need it.</summary>
    private void EscapeCopied(int copied)
    {
        var value = _buffer.AsSpan(_used, copied);
        var special = value.IndexOfAny(Escaped);
        if (special < 0)
        {
            _used += copied;
            return;
        }

        // Rare: escaping grows the value, so the rest goes through a copy.
        _used += special;
        var rest = ArrayPool<byte>.Shared.Rent(copied - special);
        try
        {
            value[special..].CopyTo(rest);
            WriteEscaped(rest.AsSpan(0, copied - special));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }
    }

    private void WriteEscaped(ReadOnlySpan<byte> value)
    {
        while (true)
        {
            var special = value.IndexOfAny(Escaped);
            if (special < 0)
            {
                PutRun(value);
                return;
            }

            PutRun(value[..special]);
            var b = value[special];
            Put((byte)'\\');
            Put(b switch
            {
                0 => (byte)'0',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                _ => (byte)'\\',
            });
            value = value[(special + 1)..];
        }
    }

    private void PutRun(ReadOnlySpan<byte> run)
    {
        while (!run.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                Commit();
            }

            var n = Math.Min(run.Length, _buffer.Length - _used);
            run[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            run = run[n..];
        }
    }

    private void Put(byte b)
    {
        if (_used == _buffer.Length)
        {
            Commit();
        }

        _buffer[_used++] = b;
    }

    private void Commit()
    {
        if (_used > 0)
        {
            _output.Write(_buffer.AsSpan(0, _used));
            _committed += _used;
            _used = 0;
        }
    }
}
