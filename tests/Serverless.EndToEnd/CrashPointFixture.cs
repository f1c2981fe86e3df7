namespace Serverless.EndToEnd;

/// <summary>
/// A local host whose crash points (orchestrations/Catalog/CrashPoints) can be armed: <see cref="Arm"/> makes the host kill
/// itself the next time it reaches the named point, exactly there, rather than wherever a timed kill happens to land.
/// </summary>
public sealed class CrashPointFixture : LocalHostFixture
{
    public CrashPointFixture() => Directory.CreateDirectory(CrashPointsDirectory);

    private string CrashPointsDirectory => Path.Combine(StateDirectory, "crash-points");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SERVERLESS_CRASH_POINTS"] = CrashPointsDirectory,
        ["SERVERLESS_DURABLE_VISIBILITY_SECONDS"] = "8",
    };

    /// <summary>Arms the point: the host dies the next time it reaches it (once).</summary>
    public void Arm(string point) => File.WriteAllText(Path.Combine(CrashPointsDirectory, point), point);
}
