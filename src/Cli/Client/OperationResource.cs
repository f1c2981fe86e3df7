using System.Text.Json.Serialization;

namespace Serverless.Cli.Client;

/// <summary>Our extension: a long-running operation with its running step and progress (0–100).</summary>
internal sealed record OperationResource(
    string Id,
    string InstanceId,
    string Kind,
    string Status,
    string? CurrentStep,
    int Progress,
    string? Error,
    string? Created,
    string? Updated)
{
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    [JsonIgnore]
    public bool IsFinished => Status is Completed or Failed;
}

internal sealed record OperationEnvelope(OperationResource Operation);
