using System.Text.Json.Serialization;

namespace Serverless.Durable.Tests;

internal sealed record StepInput(string InstanceId, int Step);

[JsonSerializable(typeof(StepInput))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
