using System.Globalization;
using System.Numerics;
using System.Text;
using Serverless.MySql.Protocol;

namespace Serverless.MySql;

/// <summary>
/// Streams the results of one query as the server sends them: rows are never buffered beyond the packet being
/// read, so a result of any size is read with flat memory. A row's values are valid until the next
/// <see cref="ReadAsync"/>. Disposing reads and discards what is left so the connection can run the next command.
/// </summary>
public sealed class MySqlDataReader : IAsyncDisposable
{
    private static readonly MySqlColumn[] NoColumns = [];

    private readonly MySqlConnection _connection;
    private MySqlColumn[] _columns = NoColumns;
    private int[] _offsets = [];
    private int[] _lengths = [];
    private ReadOnlyMemory<byte> _row;
    private bool _hasRow;
    private bool _inRows;
    private bool _moreResults;
    private bool _finished;
    private bool _disposed;

    internal MySqlDataReader(MySqlConnection connection) => _connection = connection;

    /// <summary>The columns of the current result; empty for a statement that returned no rows.</summary>
    public IReadOnlyList<MySqlColumn> Columns => _columns;

    public int FieldCount => _columns.Length;

    /// <summary>The OK information of the current result when it has no rows (e.g. an INSERT in a batch).</summary>
    public MySqlResult? CurrentResult { get; private set; }

    /// <summary>Rows affected by all statements read so far.</summary>
    public ulong RecordsAffected => Summary.AffectedRows;

    /// <summary>Warnings reported by all statements read so far.</summary>
    public int WarningCount => Summary.Warnings;

    internal MySqlResult Summary { get; private set; } = MySqlResult.Empty;

    /// <summary>Advances to the next row of the current result; false at its end.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        _hasRow = false;
        if (!_inRows)
        {
            return new ValueTask<bool>(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ValueTask<ReadOnlyMemory<byte>> pending;
        try
        {
            pending = _connection.Channel.ReadPayloadAsync();
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Fail(ex);
        }

        return pending.IsCompletedSuccessfully ? new ValueTask<bool>(AcceptRow(pending.Result)) : ReadSlowAsync(pending, cancellationToken);
    }

    /// <summary>Skips the rest of the current result and advances to the next one; false when there is none.</summary>
    public async ValueTask<bool> NextResultAsync(CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        if (!_moreResults || _finished)
        {
            _finished = true;
            return false;
        }

        await ReadResultHeaderAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public bool IsDBNull(int ordinal)
    {
        CheckRow(ordinal);
        return _lengths[ordinal] < 0;
    }

    /// <summary>The value's bytes as sent (text for most types, raw bytes for binary columns); valid until the next read.</summary>
    public ReadOnlySpan<byte> GetRawValue(int ordinal) => Value(ordinal);

    /// <summary>The value as text; for binary columns the bytes are decoded as UTF-8 (use <see cref="GetBytes"/> instead).</summary>
    public string GetString(int ordinal) => Encoding.UTF8.GetString(Value(ordinal));

    public byte[] GetBytes(int ordinal) => Value(ordinal).ToArray();

    public long GetInt64(int ordinal) =>
        _columns[ordinal].Type == MySqlColumnType.Bit ? checked((long)ReadBits(ordinal)) : Parse<long>(ordinal, NumberStyles.Integer);

    public ulong GetUInt64(int ordinal) =>
        _columns[ordinal].Type == MySqlColumnType.Bit ? ReadBits(ordinal) : Parse<ulong>(ordinal, NumberStyles.Integer);

    public int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public decimal GetDecimal(int ordinal) => Parse<decimal>(ordinal, NumberStyles.Float);

    public double GetDouble(int ordinal) => Parse<double>(ordinal, NumberStyles.Float);

    public float GetFloat(int ordinal) => Parse<float>(ordinal, NumberStyles.Float);

    public Guid GetGuid(int ordinal)
    {
        var value = Value(ordinal);
        return value.Length == 16 ? new Guid(value, bigEndian: true) : Guid.Parse(Encoding.ASCII.GetString(value));
    }

    /// <summary>A DATE, DATETIME or TIMESTAMP value. Zero dates (<c>0000-00-00</c>) have no <see cref="DateTime"/>; read them with <see cref="GetString"/>.</summary>
    public DateTime GetDateTime(int ordinal)
    {
        var value = Value(ordinal);
        if (!TryParseDateTime(value, out var result))
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' holds '{Encoding.UTF8.GetString(value)}', which is not a valid date/time (zero dates have no DateTime); read it with GetString.");
        }

        return result;
    }

    public DateOnly GetDateOnly(int ordinal) => DateOnly.FromDateTime(GetDateTime(ordinal));

    /// <summary>A TIME value, which may be negative or exceed 24 hours.</summary>
    public TimeSpan GetTimeSpan(int ordinal)
    {
        var value = Value(ordinal);
        var negative = value.Length > 0 && value[0] == '-';
        var text = negative ? value[1..] : value;
        var firstColon = text.IndexOf((byte)':');
        if (firstColon < 1 || text.Length < firstColon + 6 || text[firstColon + 3] != ':')
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' holds '{Encoding.UTF8.GetString(value)}', which is not a TIME value.");
        }

        var hours = Digits(text[..firstColon]);
        var minutes = Digits(text.Slice(firstColon + 1, 2));
        var seconds = Digits(text.Slice(firstColon + 4, 2));
        var ticks = FractionTicks(text[(firstColon + 6)..]);
        var span = new TimeSpan(hours * TimeSpan.TicksPerHour + minutes * TimeSpan.TicksPerMinute + seconds * TimeSpan.TicksPerSecond + ticks);
        return negative ? -span : span;
    }

    /// <summary>
    /// The value as its natural .NET type: long/ulong for integers, decimal, double, DateTime (string for zero dates),
    /// TimeSpan, byte[] for binary columns, string for text; null for NULL.
    /// </summary>
    public object? GetValue(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            return null;
        }

        var column = _columns[ordinal];
        return column.Type switch
        {
            MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Int24 or MySqlColumnType.Long or MySqlColumnType.LongLong or MySqlColumnType.Year =>
                column.IsUnsigned ? GetUInt64(ordinal) : GetInt64(ordinal),
            MySqlColumnType.Bit => GetUInt64(ordinal),
            MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => TryParse<decimal>(ordinal, out var number) ? number : GetString(ordinal),
            MySqlColumnType.Float => GetFloat(ordinal),
            MySqlColumnType.Double => GetDouble(ordinal),
            MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp or MySqlColumnType.NewDate =>
                TryParseDateTime(Value(ordinal), out var date) ? date : GetString(ordinal),
            MySqlColumnType.Time => GetTimeSpan(ordinal),
            MySqlColumnType.Null => null,
            _ when column.IsBinary => GetBytes(ordinal),
            _ => GetString(ordinal),
        };
    }

    /// <summary>The ordinal of the column with this name (case-insensitive).</summary>
    public int GetOrdinal(string name)
    {
        foreach (var column in _columns)
        {
            if (string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return column.Ordinal;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), $"The result has no column named '{name}'.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_connection.IsBroken)
            {
                while (await NextResultAsync(CancellationToken.None).ConfigureAwait(false))
                {
                }
            }
        }
        catch (Exception ex) when (ex is MySqlException or OperationCanceledException or InvalidOperationException)
        {
            // Errors of results nobody read any more are not reported; a lost connection is already marked broken.
        }
        finally
        {
            _finished = true;
            _inRows = false;
            await _connection.EndCommandAsync(this).ConfigureAwait(false);
        }
    }

    internal async ValueTask ReadFirstResultAsync(CancellationToken cancellationToken) =>
        await ReadResultHeaderAsync(cancellationToken).ConfigureAwait(false);

    private async ValueTask<bool> ReadSlowAsync(ValueTask<ReadOnlyMemory<byte>> pending, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> payload;
        using (_connection.RegisterCaller(cancellationToken))
        {
            try
            {
                payload = await pending.ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                throw Fail(ex);
            }
        }

        return AcceptRow(payload);
    }

    private bool AcceptRow(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        if (EofPayload.IsTerminator(span))
        {
            _inRows = false;
            if (_connection.UsesDeprecateEof)
            {
                ApplyOk(OkPayload.Create(span));
            }
            else
            {
                var eof = EofPayload.Create(span);
                ApplyStatus(eof.Status, eof.Warnings);
            }

            return false;
        }

        if (span[0] == ErrorPayload.Signature)
        {
            _inRows = false;
            _finished = true;
            _moreResults = false;
            throw _connection.CreateServerException(span);
        }

        ParseRow(payload);
        return true;
    }

    private void ParseRow(ReadOnlyMemory<byte> payload)
    {
        var span = payload.Span;
        var offset = 0;
        for (var i = 0; i < _columns.Length; i++)
        {
            if (offset >= span.Length)
            {
                throw Fail(new MySqlProtocolException($"A row ended after {i} of {_columns.Length} values."));
            }

            var first = span[offset];
            if (first == 0xFB)
            {
                _offsets[i] = offset + 1;
                _lengths[i] = -1;
                offset++;
                continue;
            }

            long length;
            switch (first)
            {
                case < 0xFB:
                    length = first;
                    offset += 1;
                    break;
                case 0xFC:
                    length = span[offset + 1] | (span[offset + 2] << 8);
                    offset += 3;
                    break;
                case 0xFD:
                    length = span[offset + 1] | (span[offset + 2] << 8) | (span[offset + 3] << 16);
                    offset += 4;
                    break;
                case 0xFE:
                    length = (long)BitConverter.ToUInt64(span.Slice(offset + 1, 8));
                    offset += 9;
                    break;
                default:
                    throw Fail(new MySqlProtocolException($"Invalid value length prefix 0x{first:X2} in a row."));
            }

            if (length > span.Length - offset)
            {
                throw Fail(new MySqlProtocolException($"A row value of {length} bytes overruns its packet."));
            }

            _offsets[i] = offset;
            _lengths[i] = (int)length;
            offset += (int)length;
        }

        _row = payload;
        _hasRow = true;
    }

    private async ValueTask ReadResultHeaderAsync(CancellationToken cancellationToken)
    {
        _columns = NoColumns;
        _inRows = false;
        CurrentResult = null;
        var refusedLocalFile = false;
        using var registration = _connection.RegisterCaller(cancellationToken);
        while (true)
        {
            var payload = await ReadPayloadAsync().ConfigureAwait(false);
            var first = payload.Span[0];
            switch (first)
            {
                case OkPayload.Signature:
                    ApplyOk(OkPayload.Create(payload.Span));
                    if (refusedLocalFile)
                    {
                        throw new InvalidOperationException("The server asked for a local file that this command did not provide; use LoadDataLocalInfileAsync with the data stream.");
                    }

                    return;
                case ErrorPayload.Signature:
                    _finished = true;
                    _moreResults = false;
                    throw _connection.CreateServerException(payload.Span);
                case LocalInfileRequestPayload.Signature:
                    try
                    {
                        refusedLocalFile = !await _connection.AnswerLocalInfileAsync(payload, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        _finished = true;
                        throw;
                    }

                    continue;
            }

            var header = new PayloadReader(payload.Span);
            var count = checked((int)header.ReadLengthEncodedInteger());
            var columns = new MySqlColumn[count];
            for (var i = 0; i < count; i++)
            {
                var definition = await ReadPayloadAsync().ConfigureAwait(false);
                columns[i] = ColumnDefinitionPayload.Create(definition.Span, i);
            }

            if (!_connection.UsesDeprecateEof)
            {
                var eof = await ReadPayloadAsync().ConfigureAwait(false);
                ApplyStatus(EofPayload.Create(eof.Span).Status, 0);
            }

            _columns = columns;
            if (_offsets.Length < count)
            {
                _offsets = new int[count];
                _lengths = new int[count];
            }

            _inRows = true;
            return;
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync()
    {
        try
        {
            return await _connection.Channel.ReadPayloadAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Fail(ex);
        }
    }

    private void ApplyOk(OkPayload ok)
    {
        var result = new MySqlResult(ok.AffectedRows, ok.LastInsertId, ok.Warnings, ok.Info);
        CurrentResult = result;
        Summary = Summary.Add(result);
        ApplyStatus(ok.Status, 0);
    }

    private void ApplyStatus(MySqlServerStatus status, int warnings)
    {
        _connection.UpdateStatus(status);
        _moreResults = (status & MySqlServerStatus.MoreResultsExist) != 0;
        if (warnings != 0)
        {
            Summary = Summary with { Warnings = Summary.Warnings + warnings };
        }
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is MySqlConnectionException or MySqlProtocolException || (ex is MySqlTimeoutException or OperationCanceledException && ex.InnerException is not MySqlServerException);

    private Exception Fail(Exception ex)
    {
        _finished = true;
        _inRows = false;
        _moreResults = false;
        _connection.MarkBroken();
        return ex;
    }

    private ReadOnlySpan<byte> Value(int ordinal)
    {
        CheckRow(ordinal);
        var length = _lengths[ordinal];
        if (length < 0)
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' is NULL; check IsDBNull first.");
        }

        return _row.Span.Slice(_offsets[ordinal], length);
    }

    private void CheckRow(int ordinal)
    {
        if (!_hasRow)
        {
            throw new InvalidOperationException("There is no current row; call ReadAsync and check that it returned true.");
        }

        if ((uint)ordinal >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), $"Column {ordinal} does not exist; the result has {_columns.Length} columns.");
        }
    }

    private T Parse<T>(int ordinal, NumberStyles styles)
        where T : INumberBase<T>
    {
        var value = Value(ordinal);
        if (!T.TryParse(value, styles, CultureInfo.InvariantCulture, out var result))
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' holds '{Encoding.UTF8.GetString(value)}', which is not a valid {typeof(T).Name}.");
        }

        return result;
    }

    private bool TryParse<T>(int ordinal, out T result)
        where T : INumberBase<T> =>
        T.TryParse(Value(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out result!);

    /// <summary>BIT values come as big-endian raw bytes in the text protocol.</summary>
    private ulong ReadBits(int ordinal)
    {
        var value = Value(ordinal);
        if (value.Length > 8)
        {
            throw new InvalidCastException($"Column '{_columns[ordinal].Name}' has {value.Length} bytes, more than fit in 64 bits.");
        }

        ulong result = 0;
        foreach (var b in value)
        {
            result = (result << 8) | b;
        }

        return result;
    }

    private static bool TryParseDateTime(ReadOnlySpan<byte> value, out DateTime result)
    {
        result = default;
        if (value.Length < 10 || value[4] != '-' || value[7] != '-')
        {
            return false;
        }

        int year = Digits(value[..4]), month = Digits(value.Slice(5, 2)), day = Digits(value.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (value.Length == 10)
        {
            result = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            return true;
        }

        if (value.Length < 19 || value[10] != ' ' || value[13] != ':' || value[16] != ':')
        {
            return false;
        }

        int hour = Digits(value.Slice(11, 2)), minute = Digits(value.Slice(14, 2)), second = Digits(value.Slice(17, 2));
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        result = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(FractionTicks(value[19..]));
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (d - '0');
        }

        return value;
    }

    /// <summary>Ticks of a ".ffffff" suffix (up to 7 digits are significant).</summary>
    private static long FractionTicks(ReadOnlySpan<byte> fraction)
    {
        if (fraction.Length < 2 || fraction[0] != '.')
        {
            return 0;
        }

        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        foreach (var d in fraction[1..])
        {
            scale /= 10;
            ticks += (d - '0') * scale;
        }

        return ticks;
    }
}
