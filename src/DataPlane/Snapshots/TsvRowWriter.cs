using System.Buffers;
using System.IO.Pipelines;
using Serverless.MySql;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Writes result rows in LOAD DATA's default format (fields separated by tab, rows ended by newline, NULL as
/// <c>\N</c>, and NUL, tab, newline and backslash escaped with a backslash) straight from the reader's raw
/// value bytes into a pooled buffer that is handed to a pipe when full. No per-value allocation.
/// </summary>
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
                WriteEscaped(reader.GetRawValue(i));
            }
        }

        Put((byte)'\n');
    }

    /// <summary>Hands the buffered bytes to the pipe and waits while the reader side is behind (back-pressure).</summary>
    /// <returns>False when the reading side has stopped (it failed or was cancelled).</returns>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        Commit();
        var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
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
