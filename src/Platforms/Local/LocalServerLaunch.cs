namespace Serverless.Platforms.Local;

/// <summary>
/// What differs between kinds of local server when <see cref="LocalServerLifetime"/> launches one
/// and waits until it answers: the program, its files, how to prepare an attempt on a port and how
/// to tell that the server serves.
/// </summary>
/// <param name="Executable">The server program.</param>
/// <param name="Label">Short program name (<c>mariadbd</c>, <c>azurite-blob</c>) for failure reasons and the launcher's process name.</param>
/// <param name="LogFile">Receives the server's output; read to explain a failed start.</param>
/// <param name="BindAddress">Where a free port is looked for when the options name none.</param>
/// <param name="PortTakenMessage">What the server writes to <paramref name="LogFile"/> when its port is taken, so another port is tried.</param>
/// <param name="Address">Where the server answers on a port, for log messages and failure reasons.</param>
/// <param name="PrepareAsync">Writes what one attempt on a port needs and returns the server's arguments.</param>
/// <param name="AnswersAsync">True once the server on a port serves requests.</param>
/// <param name="StartFailed">The kind's start exception, from the reason and the last lines of <paramref name="LogFile"/>.</param>
/// <param name="AfterAttempt">Cleans up after each attempt, successful or not; null when there is nothing to clean up.</param>
internal sealed record LocalServerLaunch(
    string Executable,
    string Label,
    string LogFile,
    string BindAddress,
    string PortTakenMessage,
    Func<int, string> Address,
    Func<int, CancellationToken, Task<IReadOnlyList<string>>> PrepareAsync,
    Func<int, CancellationToken, Task<bool>> AnswersAsync,
    Func<string, string, Exception> StartFailed,
    Action? AfterAttempt = null);
