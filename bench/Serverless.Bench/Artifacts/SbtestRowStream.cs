using System.Buffers.Text;

namespace Serverless.Bench.Artifacts;

/// <summary>
/// A read-only stream of sysbench-like <c>sbtest</c> rows in LOAD DATA form (tab-separated, one row per
/// line): <c>id</c> counting from 1, <c>k</c> a random number up to the row count, <c>c</c> ten groups of
/// eleven random digits joined by '-', <c>pad</c> five such groups. That is the shape of the rows sysbench's
/// <c>prepare</c> inserts, so it stands for the table data a snapshot backup carries. The same seed gives the
/// same bytes on every run and machine, so compression figures can be compared across runs.
/// </summary>
internal sealed class SbtestRowStream : Stream
{
    private const int DigitsPerGroup = 11;
    private const int CGroups = 10;
    private const int PadGroups = 5;

    // id and k take at most 10 digits each (int range); the rest is fixed-width.
    private const int MaxRowBytes = 10 + 1 + 10 + 1 + (CGroups * (DigitsPerGroup + 1)) - 1 + 1 + (PadGroups * (DigitsPerGroup + 1)) - 1 + 1;

    private readonly long _targetBytes;
    private readonly long _tableSize;
    private readonly byte[] _row = new byte[MaxRowBytes];
    private ulong _state;
    private long _produced;
    private long _nextId = 1;
    private int _rowLength;
    private int _rowOffset;

    /// <param name="targetBytes">The stream ends with the first whole row at or past this many bytes.</param>
    /// <param name="seed">Seeds the digits; the same seed gives the same bytes.</param>
    public SbtestRowStream(long targetBytes, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetBytes);
        _targetBytes = targetBytes;
        _state = seed;

        // About 190 bytes a row; k ranges over the rows the stream will hold, as sysbench's does over table-size.
        _tableSize = Math.Max(1, targetBytes / 190);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _produced;
        set => throw new NotSupportedException();
    }

    /// <summary>Writes rows to <paramref name="path"/> until the file holds at least <paramref name="targetBytes"/>.</summary>
    /// <returns>The file's length.</returns>
    public static async Task<long> WriteFileAsync(string path, long targetBytes, CancellationToken cancellationToken)
    {
        await using var rows = new SbtestRowStream(targetBytes);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20, useAsync: true);
        await rows.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
        return file.Length;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_rowOffset == _rowLength)
            {
                if (_produced >= _targetBytes)
                {
                    break;
                }

                FillRow();
            }

            var n = Math.Min(buffer.Length - written, _rowLength - _rowOffset);
            _row.AsSpan(_rowOffset, n).CopyTo(buffer[written..]);
            _rowOffset += n;
            written += n;
            _produced += n;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void FillRow()
    {
        var row = _row.AsSpan();
        Utf8Formatter.TryFormat(_nextId++, row, out var at);
        row[at++] = (byte)'\t';
        Utf8Formatter.TryFormat(1 + (long)(NextRandom() % (ulong)_tableSize), row[at..], out var kLength);
        at += kLength;
        row[at++] = (byte)'\t';
        at = WriteDigitGroups(row, at, CGroups);
        row[at++] = (byte)'\t';
        at = WriteDigitGroups(row, at, PadGroups);
        row[at++] = (byte)'\n';
        _rowLength = at;
        _rowOffset = 0;
    }

    private int WriteDigitGroups(Span<byte> row, int at, int groups)
    {
        for (var g = 0; g < groups; g++)
        {
            if (g > 0)
            {
                row[at++] = (byte)'-';
            }

            // Eleven decimal digits from one 64-bit draw; the modulo bias is below 1e-8.
            var value = NextRandom();
            for (var d = 0; d < DigitsPerGroup; d++)
            {
                row[at++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
        }

        return at;
    }

    // SplitMix64: tiny, fast and fully determined by the seed, which is all a data generator needs.
    private ulong NextRandom()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
