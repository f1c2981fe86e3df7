namespace Serverless.Platforms.Azure;

/// <summary>The compute tier of a Flexible Server (ARM's <c>sku.tier</c>).</summary>
public enum FlexibleServerTier
{
    /// <summary>Burstable VMs (B series): no read replicas, no HA.</summary>
    Burstable,

    /// <summary>General purpose VMs (D series).</summary>
    GeneralPurpose,

    /// <summary>Memory optimized VMs (E series), which the portal calls Business Critical.</summary>
    MemoryOptimized,
}
