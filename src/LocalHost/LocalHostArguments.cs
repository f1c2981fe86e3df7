using System.Globalization;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Platforms.Azure;

namespace Serverless.LocalHost;

/// <summary>Command-line options of the local service.</summary>
/// <param name="StateDirectory">Where the service keeps everything (Azurite data, servers, secrets, token); null means &lt;repo&gt;/.state.</param>
/// <param name="Urls">Where the API listens, ASP.NET Core style (for example <c>http://127.0.0.1:7071</c>); null derives it from <paramref name="Port"/>.</param>
/// <param name="Port">The API's port on 127.0.0.1 when <paramref name="Urls"/> is not given; null means 7071.</param>
/// <param name="Project">The project the printed endpoint and token belong to.</param>
/// <param name="DurableVisibilityTimeout">
/// How long a message of the durable task hub stays invisible once taken (see <c>DurableRuntimeOptions.VisibilityTimeout</c>):
/// the longest a restart waits for the work a killed host was doing; null for the runtime's default.
/// </param>
internal sealed record LocalHostArguments(string? StateDirectory, string? Urls, int? Port, string Project, TimeSpan? DurableVisibilityTimeout = null)
{
    public const string DefaultProject = "local";

    public const int DefaultPort = 7071;

    public const string Usage = "usage: Serverless.LocalHost [--state-dir <directory>] [--port <port> | --urls <url>] [--project <name>]\n"
        + "  environment: SERVERLESS_STATE_DIR, SERVERLESS_PORT, SERVERLESS_URLS, SERVERLESS_PROJECT (arguments win),\n"
        + "  SERVERLESS_DURABLE_VISIBILITY_SECONDS (8-300: how long a killed host's work waits before it runs again),\n"
        + "  Serverless__Artifacts__CurrentKeyId (the backup encryption key's id, k1 by default; generated at first use, older ids stay readable),\n"
        + "  SERVERLESS_SEGMENT_ARTIFACT_BYTES (4096-1073741824: raw binlog bytes per incremental backup artifact),\n"
        + "  SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS (0-86400: full backups resume after a kill, in steps of this many seconds)";

    /// <summary>The id of the key new backups are encrypted with; null for the default (<c>k1</c>).</summary>
    public string? ArtifactKeyId { get; init; }

    /// <summary>Raw binlog bytes per incremental backup artifact (<c>ControlPlaneOptions.SegmentArtifactBytes</c>); null for the default.</summary>
    public int? SegmentArtifactBytes { get; init; }

    /// <summary>
    /// The time budget of one resumable full backup step (<c>ControlPlaneOptions.DumpStepBudget</c>); when set, full
    /// backups are resumable (<c>ControlPlaneOptions.ResumableBackups</c>); null keeps the one-snapshot dump.
    /// </summary>
    public TimeSpan? DumpStepBudget { get; init; }

    /// <summary>The address the API listens on.</summary>
    public string ListenUrl => Urls ?? $"http://127.0.0.1:{(Port ?? DefaultPort).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Parses the arguments over defaults taken from <paramref name="environment"/>; throws <see cref="ArgumentException"/>
    /// with a usage message when they are wrong.
    /// </summary>
    public static LocalHostArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? stateDirectory = environment("SERVERLESS_STATE_DIR");
        string? urls = environment("SERVERLESS_URLS");
        int? port = environment("SERVERLESS_PORT") is { Length: > 0 } portVariable ? ParsePort("SERVERLESS_PORT", portVariable) : null;
        var project = environment("SERVERLESS_PROJECT") is { Length: > 0 } projectVariable ? projectVariable : DefaultProject;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value.\n{Usage}"));
            switch (name)
            {
                case "--state-dir":
                    stateDirectory = Value();
                    break;
                case "--urls":
                    urls = Value();
                    break;
                case "--port":
                    port = ParsePort(name, Value());
                    urls = null;
                    break;
                case "--project":
                    project = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        if (project.Length is 0 or > 64 || !project.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"--project needs 1 to 64 letters, digits, '-' or '_'.\n{Usage}");
        }

        TimeSpan? visibility = environment("SERVERLESS_DURABLE_VISIBILITY_SECONDS") is { Length: > 0 } seconds
            ? int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 8 and <= 300
                ? TimeSpan.FromSeconds(s)
                : throw new ArgumentException($"SERVERLESS_DURABLE_VISIBILITY_SECONDS needs a number of seconds between 8 and 300.\n{Usage}")
            : null;
        var artifactKeyId = environment(AzureAppSettings.ArtifactCurrentKeyId) is { Length: > 0 } keyId
            ? ArtifactKeyOptions.IsValidKeyId(keyId)
                ? keyId
                : throw new ArgumentException($"{AzureAppSettings.ArtifactCurrentKeyId} needs 1 to {ArtifactKeyOptions.MaxKeyIdLength} letters, digits, '-', '_' or '.', not starting with '.'.\n{Usage}")
            : null;
        int? segmentBytes = environment("SERVERLESS_SEGMENT_ARTIFACT_BYTES") is { Length: > 0 } bytes
            ? int.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b is >= 4096 and <= 1024 * 1024 * 1024
                ? b
                : throw new ArgumentException($"SERVERLESS_SEGMENT_ARTIFACT_BYTES needs a number of bytes between 4096 and 1073741824.\n{Usage}")
            : null;
        TimeSpan? dumpStep = environment("SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS") is { Length: > 0 } stepSeconds
            ? int.TryParse(stepSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 86400
                ? TimeSpan.FromSeconds(d)
                : throw new ArgumentException($"SERVERLESS_RESUMABLE_BACKUP_STEP_SECONDS needs a number of seconds between 0 and 86400.\n{Usage}")
            : null;
        return new LocalHostArguments(stateDirectory is null ? null : Path.GetFullPath(stateDirectory), urls, port, project, visibility)
        {
            ArtifactKeyId = artifactKeyId,
            SegmentArtifactBytes = segmentBytes,
            DumpStepBudget = dumpStep,
        };
    }

    private static int ParsePort(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
            ? p
            : throw new ArgumentException($"{name} needs a number between 1 and 65535.\n{Usage}");
}
