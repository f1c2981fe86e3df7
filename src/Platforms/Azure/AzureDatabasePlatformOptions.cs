using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Azure;

/// <summary>What new Flexible Servers look like; the ARM side (subscription, resource group, endpoint) is the client's.</summary>
public sealed record AzureDatabasePlatformOptions
{
    /// <summary>Gets the region new servers are created in, e.g. <c>westeurope</c>.</summary>
    public required string Location { get; init; }

    /// <summary>Gets the MySQL version of new servers, e.g. <c>8.0.21</c> or <c>8.4</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the administrator login of new servers; their passwords are generated and kept in the secret store.</summary>
    public required string AdministratorLogin { get; init; }

    /// <summary>Gets <c>binlog_expire_logs_seconds</c> of new servers; null leaves Azure's default.</summary>
    public int? BinlogExpireSeconds { get; init; }

    /// <summary>Gets <c>binlog_row_image</c> of new servers; null leaves Azure's default.</summary>
    public string? BinlogRowImage { get; init; }

    /// <summary>Gets private access for new servers; null for public access, which admits Azure services only (rule <c>AllowAllWindowsAzureIps</c>).</summary>
    public FlexibleServerNetwork? PrivateNetwork { get; init; }

    /// <summary>Gets the days automated backups are kept (1-35).</summary>
    public int BackupRetentionDays { get; init; } = 7;

    /// <summary>Gets the longest an admin SQL connection (configuring databases, reading volume use) may take to open.</summary>
    public TimeSpan SqlConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the clock the one-call operations wait on between polls.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets where the platform logs (ids and states only); null for none.</summary>
    public ILogger? Logger { get; init; }
}
