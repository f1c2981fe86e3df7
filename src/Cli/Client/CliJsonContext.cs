using System.Text.Json.Serialization;

namespace Serverless.Cli.Client;

/// <summary>Source-generated JSON for the API's bodies (snake_case) and for <c>--json</c> output (indented).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(InstanceResource))]
[JsonSerializable(typeof(ConnectionEnvelope))]
[JsonSerializable(typeof(OperationResource))]
[JsonSerializable(typeof(InstanceEnvelope))]
[JsonSerializable(typeof(InstanceListEnvelope))]
[JsonSerializable(typeof(FlavorListEnvelope))]
[JsonSerializable(typeof(DatastoreListEnvelope))]
[JsonSerializable(typeof(OperationEnvelope))]
[JsonSerializable(typeof(BackupResource))]
[JsonSerializable(typeof(BackupEnvelope))]
[JsonSerializable(typeof(BackupListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<BackupResource>))]
[JsonSerializable(typeof(ScheduleResource))]
[JsonSerializable(typeof(ScheduleEnvelope))]
[JsonSerializable(typeof(ScheduleListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleResource>))]
[JsonSerializable(typeof(ScheduleExecutionListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleExecutionResource>))]
[JsonSerializable(typeof(IReadOnlyList<InstanceResource>))]
[JsonSerializable(typeof(IReadOnlyList<FlavorResource>))]
[JsonSerializable(typeof(IReadOnlyList<DatastoreResource>))]
[JsonSerializable(typeof(UserResource))]
[JsonSerializable(typeof(UserEnvelope))]
[JsonSerializable(typeof(UserListEnvelope))]
[JsonSerializable(typeof(DatabaseListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<UserResource>))]
[JsonSerializable(typeof(IReadOnlyList<DatabaseReference>))]
[JsonSerializable(typeof(RootResource))]
[JsonSerializable(typeof(RootEnvelope))]
[JsonSerializable(typeof(RootStatus))]
[JsonSerializable(typeof(ConfigurationResource))]
[JsonSerializable(typeof(ConfigurationEnvelope))]
[JsonSerializable(typeof(ConfigurationListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<ConfigurationResource>))]
[JsonSerializable(typeof(ParameterResource))]
[JsonSerializable(typeof(ParameterListEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<ParameterResource>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
