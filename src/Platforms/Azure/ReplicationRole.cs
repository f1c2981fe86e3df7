namespace Serverless.Platforms.Azure;

/// <summary>A Flexible Server's <c>properties.replicationRole</c>.</summary>
public enum ReplicationRole
{
    /// <summary>Standalone: neither replicates nor has replicas.</summary>
    None,

    /// <summary>Has at least one read replica.</summary>
    Source,

    /// <summary>A read replica of <see cref="FlexibleServer.SourceServerId"/>.</summary>
    Replica,
}
