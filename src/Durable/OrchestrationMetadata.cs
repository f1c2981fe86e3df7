using System.Text.Json;

namespace Serverless.Durable;

/// <summary>The state of an orchestration instance as seen by a client (mirrors Durable Task's <c>OrchestrationMetadata</c>).</summary>
public sealed class OrchestrationMetadata
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationMetadata"/> class.</summary>
    /// <param name="name">The orchestrator name.</param>
    /// <param name="instanceId">The instance id.</param>
    public OrchestrationMetadata(string name, string instanceId)
    {
        Name = name;
        InstanceId = instanceId;
    }

    /// <summary>Gets the orchestrator name.</summary>
    public string Name { get; }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>Gets when the instance was created (or last re-created under the same id).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the instance state last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Gets the JSON input; null unless fetched with inputs and outputs.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>Gets the JSON output; null unless fetched with inputs and outputs.</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>Gets the JSON custom status; null unless fetched with inputs and outputs.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Gets the failure; set only when <see cref="RuntimeStatus"/> is Failed and inputs and outputs were fetched.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets a value indicating whether the instance is Running.</summary>
    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    /// <summary>Gets a value indicating whether the instance is Completed, Failed or Terminated.</summary>
    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    internal bool InputsAndOutputsFetched { get; init; }

    internal JsonSerializerOptions? SerializerOptions { get; init; }

    /// <summary>Deserializes the input.</summary>
    /// <typeparam name="T">The input type.</typeparam>
    /// <returns>The input, or default when there is none.</returns>
    /// <exception cref="InvalidOperationException">The metadata was fetched without inputs and outputs.</exception>
    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    /// <summary>Deserializes the output.</summary>
    /// <typeparam name="T">The output type.</typeparam>
    /// <returns>The output, or default when there is none.</returns>
    /// <exception cref="InvalidOperationException">The metadata was fetched without inputs and outputs.</exception>
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    /// <typeparam name="T">The custom status type.</typeparam>
    /// <returns>The custom status, or default when there is none.</returns>
    /// <exception cref="InvalidOperationException">The metadata was fetched without inputs and outputs.</exception>
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private T? Read<T>(string? json)
    {
        if (!InputsAndOutputsFetched)
        {
            throw new InvalidOperationException($"The metadata of orchestration '{InstanceId}' was fetched without inputs and outputs; fetch it with getInputsAndOutputs: true.");
        }

        return json is null ? default : Engine.PayloadSerializer.Deserialize<T>(json, SerializerOptions!);
    }
}
