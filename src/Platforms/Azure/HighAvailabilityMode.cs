namespace Serverless.Platforms.Azure;

/// <summary>Whether a Flexible Server keeps a standby, and where (ARM's <c>highAvailability.mode</c>).</summary>
public enum HighAvailabilityMode
{
    /// <summary>No standby.</summary>
    Disabled,

    /// <summary>A standby in the same availability zone.</summary>
    SameZone,

    /// <summary>A standby in another availability zone; chosen at creation only.</summary>
    ZoneRedundant,
}
