namespace Serverless.Binlog.Protocol;

/// <summary>
/// Guards every socket read and write of one connection so that nothing ever hangs: while connecting, the connect
/// timeout closes the transport; afterwards, each socket operation that takes longer than the read timeout closes it,
/// and so does the caller's cancellation. A replication stream has no statement to interrupt politely (the server
/// just keeps sending), so closing the transport is the only way to stop it; the pending read then fails and
/// <see cref="CreateIoFailure"/> says why.
/// </summary>
/// <remarks>Reads are never cancelled through a token: a half-cancelled TLS read would leave the stream unusable.</remarks>
internal sealed class IoWatchdog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private readonly Action _abortTransport;
    private readonly string _endpoint;
    private TimeSpan _ioTimeout = Timeout.InfiniteTimeSpan;
    private TimeSpan _expiredTimeout;
    private bool _connecting;
    private bool _aborted;
    private bool _timedOut;
    private bool _cancelled;
    private CancellationToken _userToken;
    private CancellationTokenRegistration _registration;

    public IoWatchdog(string endpoint, Action abortTransport)
    {
        _endpoint = endpoint;
        _abortTransport = abortTransport;
        _timer = new Timer(static s => ((IoWatchdog)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The connect or read timeout expired and closed the transport.</summary>
    public bool TimedOut
    {
        get
        {
            lock (_lock)
            {
                return _timedOut;
            }
        }
    }

    /// <summary>The caller's token was cancelled and closed the transport.</summary>
    public bool Cancelled
    {
        get
        {
            lock (_lock)
            {
                return _cancelled;
            }
        }
    }

    /// <summary>The transport was closed by this watchdog; the connection is unusable.</summary>
    public bool Aborted
    {
        get
        {
            lock (_lock)
            {
                return _aborted;
            }
        }
    }

    /// <summary>Starts the connect phase: <paramref name="timeout"/> covers all of it.</summary>
    public void BeginConnect(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _connecting = true;
            _expiredTimeout = timeout;
            ArmTimer(timeout);
        }

        Watch(cancellationToken);
    }

    /// <summary>Ends the connect phase; from now on each socket operation gets <paramref name="ioTimeout"/>.</summary>
    public void EndConnect(TimeSpan ioTimeout)
    {
        Unwatch();
        lock (_lock)
        {
            _connecting = false;
            _ioTimeout = ioTimeout;
            ArmTimer(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Makes <paramref name="cancellationToken"/> close the transport until <see cref="Unwatch"/>.</summary>
    public void Watch(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        lock (_lock)
        {
            _userToken = cancellationToken;
        }

        _registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((IoWatchdog)s!).OnUserCancel(), this)
            : default;
    }

    /// <summary>Stops watching the token given to <see cref="Watch"/>.</summary>
    public void Unwatch()
    {
        // Disposing waits for a running callback, so it must happen outside the lock the callback takes.
        _registration.Dispose();
        _registration = default;
    }

    public void BeginIo()
    {
        lock (_lock)
        {
            if (!_connecting && !_aborted)
            {
                _expiredTimeout = _ioTimeout;
                ArmTimer(_ioTimeout);
            }
        }
    }

    public void EndIo()
    {
        lock (_lock)
        {
            if (!_connecting && !_aborted)
            {
                ArmTimer(Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Closes the transport now (the connection is being discarded).</summary>
    public void Abort()
    {
        lock (_lock)
        {
            AbortLocked();
        }
    }

    /// <summary>The exception to surface for a failed socket operation, given why it may have failed.</summary>
    public Exception CreateIoFailure(Exception? inner, string operation)
    {
        bool timedOut, cancelled;
        TimeSpan timeout;
        CancellationToken token;
        lock (_lock)
        {
            timedOut = _timedOut;
            cancelled = _cancelled;
            timeout = _expiredTimeout;
            token = _userToken;
        }

        if (cancelled)
        {
            return new OperationCanceledException($"Reading the binlog from {_endpoint} was cancelled; the connection was closed.", inner, token);
        }

        if (timedOut)
        {
            return new BinlogTimeoutException($"The server at {_endpoint} sent nothing within {Describe(timeout)}; the connection was closed.", inner);
        }

        var detail = inner is null ? "the server closed the connection" : inner.Message;
        return new BinlogConnectionException($"The connection to {_endpoint} failed while {operation} the server ({detail}). The server may have stopped or ended the dump; connect again to resume.", inner);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _timer.Dispose();
    }

    internal static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 ? $"{timeout.TotalSeconds:0.#} s" : $"{timeout.TotalMilliseconds:0} ms";

    private void OnTimer()
    {
        lock (_lock)
        {
            if (!_aborted)
            {
                _timedOut = true;
                AbortLocked();
            }
        }
    }

    private void OnUserCancel()
    {
        lock (_lock)
        {
            if (!_aborted)
            {
                _cancelled = true;
                AbortLocked();
            }
        }
    }

    private void AbortLocked()
    {
        if (_aborted)
        {
            return;
        }

        _aborted = true;
        ArmTimer(Timeout.InfiniteTimeSpan);
        try
        {
            _abortTransport();
        }
        catch (Exception)
        {
            // Closing a transport that is already broken has nothing left to report.
        }
    }

    private void ArmTimer(TimeSpan due)
    {
        if (due <= TimeSpan.Zero)
        {
            due = Timeout.InfiniteTimeSpan;
        }

        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }
}
