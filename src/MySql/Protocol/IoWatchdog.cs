namespace Serverless.MySql.Protocol;

/// <summary>
/// Guards every socket read and write of one connection so that nothing ever hangs:
/// <list type="bullet">
/// <item>While connecting, the connect timeout closes the transport.</item>
/// <item>During a command, the caller's cancellation or the command timeout (time without any byte
/// from the server) first interrupts the statement with <c>KILL QUERY</c> on a side connection, which
/// leaves this connection usable; if the server still says nothing within a grace period, the transport
/// is closed and the pending read fails.</item>
/// </list>
/// Reads are never cancelled through a token: a half-cancelled TLS read would leave the stream unusable.
/// </summary>
internal sealed class IoWatchdog : IDisposable
{
    /// <summary>How long to wait for the server to answer an interrupted statement before closing the connection.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private readonly Func<Task> _killQuery;
    private readonly Action _abortTransport;
    private readonly string _endpoint;
    private State _state;
    private TimeSpan _timeout = Timeout.InfiniteTimeSpan;
    private CancellationToken _userToken;
    private CancellationTokenRegistration _registration;

    public IoWatchdog(string endpoint, Func<Task> killQuery, Action abortTransport)
    {
        _endpoint = endpoint;
        _killQuery = killQuery;
        _abortTransport = abortTransport;
        _timer = new Timer(static s => ((IoWatchdog)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    private enum State
    {
        Idle,
        Connecting,
        Running,
        Interrupted,
        Aborted,
    }

    /// <summary>The command timeout expired (or the connect timeout, while connecting).</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The caller's token was cancelled during the command.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>The KILL QUERY sent for the current command, if any.</summary>
    public Task? KillTask { get; private set; }

    public CancellationToken UserToken => _userToken;

    /// <summary>The transport was closed by this watchdog; the connection is unusable.</summary>
    public bool Aborted
    {
        get
        {
            lock (_lock)
            {
                return _state == State.Aborted;
            }
        }
    }

    public void BeginConnect(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _state = State.Connecting;
            _timeout = timeout;
            TimedOut = false;
            Cancelled = false;
            _userToken = cancellationToken;
            ArmTimer(timeout);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((IoWatchdog)s!).OnUserCancel(), this);
        }
    }

    public void BeginCommand(TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state == State.Aborted)
            {
                return;
            }

            _state = State.Running;
            _timeout = timeout;
            TimedOut = false;
            Cancelled = false;
            KillTask = null;
            _userToken = cancellationToken;
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static s => ((IoWatchdog)s!).OnUserCancel(), this);
        }
    }

    /// <summary>Ends the current command or connect phase and returns the KILL sent during it, if any.</summary>
    public Task? End()
    {
        // Disposing waits for a running callback, so it must happen outside the lock the callback takes.
        _registration.Dispose();
        _registration = default;
        lock (_lock)
        {
            if (_state != State.Aborted)
            {
                _state = State.Idle;
            }

            ArmTimer(Timeout.InfiniteTimeSpan);
            _userToken = default;
            var kill = KillTask;
            KillTask = null;
            return kill;
        }
    }

    public void BeginIo()
    {
        lock (_lock)
        {
            if (_state == State.Running)
            {
                ArmTimer(_timeout);
            }
        }
    }

    public void EndIo()
    {
        lock (_lock)
        {
            if (_state == State.Running)
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
        lock (_lock)
        {
            timedOut = TimedOut;
            cancelled = Cancelled;
        }

        if (cancelled)
        {
            return new OperationCanceledException($"The operation on {_endpoint} was cancelled; the connection was closed because the server did not stop in time.", inner, _userToken);
        }

        if (timedOut)
        {
            return new MySqlTimeoutException($"The server at {_endpoint} did not answer within {Describe(_timeout)}; the connection was closed.", inner);
        }

        var detail = inner is null ? "the server closed the connection" : inner.Message;
        return new MySqlConnectionException($"The connection to {_endpoint} failed while {operation} the server ({detail}). The server may have stopped or killed the connection; open a new connection.", inner);
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
            switch (_state)
            {
                case State.Connecting:
                    TimedOut = true;
                    AbortLocked();
                    break;
                case State.Running:
                    TimedOut = true;
                    InterruptLocked();
                    break;
                case State.Interrupted:
                    AbortLocked();
                    break;
            }
        }
    }

    /// <summary>
    /// Registers another caller token for the duration of one wait (e.g. the token of a single
    /// <c>ReadAsync</c>), with the same effect as the command's own token.
    /// </summary>
    public CancellationTokenRegistration RegisterCaller(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == _userToken)
        {
            return default;
        }

        return cancellationToken.UnsafeRegister(
            static (state, token) => ((IoWatchdog)state!).OnUserCancel(token),
            this);
    }

    private void OnUserCancel() => OnUserCancel(_userToken);

    private void OnUserCancel(CancellationToken token)
    {
        lock (_lock)
        {
            if (_state is State.Running or State.Connecting)
            {
                _userToken = token;
            }

            switch (_state)
            {
                case State.Connecting:
                    Cancelled = true;
                    AbortLocked();
                    break;
                case State.Running:
                    Cancelled = true;
                    InterruptLocked();
                    break;
            }
        }
    }

    private void InterruptLocked()
    {
        _state = State.Interrupted;
        KillTask = Task.Run(async () =>
        {
            try
            {
                await _killQuery().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The grace timer closes the connection if the statement does not stop.
            }
        });
        ArmTimer(InterruptGrace);
    }

    private void AbortLocked()
    {
        if (_state == State.Aborted)
        {
            return;
        }

        _state = State.Aborted;
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
