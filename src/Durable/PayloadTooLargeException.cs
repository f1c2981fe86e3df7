namespace Serverless.Durable;

/// <summary>A payload (input, output, event, custom status) or a whole history exceeds the engine's size limit.</summary>
public sealed class PayloadTooLargeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PayloadTooLargeException"/> class.</summary>
    /// <param name="what">What the payload is, e.g. "input of activity 'Load' in instance 'x'".</param>
    /// <param name="size">The payload size in bytes.</param>
    /// <param name="limit">The limit in bytes.</param>
    public PayloadTooLargeException(string what, long size, long limit)
        : base($"The {what} is {size} bytes, over the durable payload limit of {limit} bytes. Durable history holds small messages only: large data travels through artifacts (Blob storage), pass their references instead.")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>Gets the payload size in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the limit in bytes.</summary>
    public long Limit { get; }
}
