namespace Serverless.Platforms.Azure;

/// <summary>A Flexible Server as ARM reports it.</summary>
/// <param name="Name">The server name.</param>
/// <param name="Id">The ARM resource id.</param>
/// <param name="Location">The region.</param>
/// <param name="State">The state; <see cref="FlexibleServerState.Unknown"/> for a value this code does not know.</param>
/// <param name="StateText">The state as ARM spelled it.</param>
/// <param name="FullyQualifiedDomainName">The host name clients connect to; null while ARM has not assigned one.</param>
/// <param name="Port">The MySQL port (<c>databasePort</c>, 3306 unless set otherwise).</param>
/// <param name="Version">The MySQL version, e.g. <c>8.0.21</c>.</param>
/// <param name="Sku">The compute size; null when ARM did not report one.</param>
/// <param name="StorageSizeGB">The storage size in GiB; 0 when not reported.</param>
/// <param name="ReplicationRole">Standalone, source or replica.</param>
/// <param name="SourceServerId">The source's resource id for a replica; null otherwise.</param>
/// <param name="HighAvailability">The HA mode.</param>
/// <param name="AdministratorLogin">The administrator login.</param>
/// <param name="Tags">The resource tags.</param>
public sealed record FlexibleServer(
    string Name,
    string Id,
    string Location,
    FlexibleServerState State,
    string? StateText,
    string? FullyQualifiedDomainName,
    int Port,
    string? Version,
    FlexibleServerSku? Sku,
    int StorageSizeGB,
    ReplicationRole ReplicationRole,
    string? SourceServerId,
    HighAvailabilityMode HighAvailability,
    string? AdministratorLogin,
    IReadOnlyDictionary<string, string> Tags);
