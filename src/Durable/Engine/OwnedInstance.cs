namespace Serverless.Durable.Engine;

/// <summary>An instance whose lease this engine holds, and the work it has already handed out for it.</summary>
internal sealed class OwnedInstance
{
    public int Generation { get; set; } = -1;

    public HashSet<int> Dispatched { get; } = [];

    public DateTimeOffset LeaseExpiresAt { get; set; }
}
