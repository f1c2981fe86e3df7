using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>Source-generated serialization of every response body; Trove's keys are snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, FaultBody>))]
[JsonSerializable(typeof(FlavorEnvelope))]
[JsonSerializable(typeof(FlavorListEnvelope))]
[JsonSerializable(typeof(DatastoreEnvelope))]
[JsonSerializable(typeof(DatastoreListEnvelope))]
[JsonSerializable(typeof(DatastoreVersionEnvelope))]
[JsonSerializable(typeof(DatastoreVersionListEnvelope))]
[JsonSerializable(typeof(InstanceEnvelope))]
[JsonSerializable(typeof(InstanceListEnvelope))]
[JsonSerializable(typeof(OperationEnvelope))]
[JsonSerializable(typeof(OperationListEnvelope))]
[JsonSerializable(typeof(BackupEnvelope))]
[JsonSerializable(typeof(BackupListEnvelope))]
[JsonSerializable(typeof(ClusterListEnvelope))]
[JsonSerializable(typeof(ConfigurationEnvelope))]
[JsonSerializable(typeof(ConfigurationListEnvelope))]
[JsonSerializable(typeof(ConfigurationInstanceListEnvelope))]
[JsonSerializable(typeof(InstanceConfigurationEnvelope))]
[JsonSerializable(typeof(ParameterListEnvelope))]
[JsonSerializable(typeof(ParameterWire))]
[JsonSerializable(typeof(ConnectionEnvelope))]
[JsonSerializable(typeof(UserEnvelope))]
[JsonSerializable(typeof(UserListEnvelope))]
[JsonSerializable(typeof(DatabaseListEnvelope))]
[JsonSerializable(typeof(RootEnvelope))]
[JsonSerializable(typeof(RootEnabledEnvelope))]
[JsonSerializable(typeof(ScheduleEnvelope))]
[JsonSerializable(typeof(ScheduleListEnvelope))]
[JsonSerializable(typeof(ScheduleExecutionListEnvelope))]
internal sealed partial class TroveJsonContext : JsonSerializerContext;
