namespace Serverless.Durable.Engine;

/// <summary>Keeps one instance's episodes serial inside one engine: a wake during an episode runs another after it.</summary>
internal sealed class WakeState
{
    public bool Queued { get; set; }

    public bool Running { get; set; }

    public bool Dirty { get; set; }
}
