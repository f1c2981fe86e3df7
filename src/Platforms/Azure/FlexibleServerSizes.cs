namespace Serverless.Platforms.Azure;

/// <summary>
/// Which Flexible Server compute size serves a flavor. The tier follows the memory per vCPU the flavor asks for:
/// at most 2 GiB per vCPU → Burstable (B series), at most 4 GiB → General Purpose (D<i>n</i>ads_v5), more → Memory
/// Optimized (E<i>n</i>ads_v5); within the tier, the smallest size with at least the flavor's vCPUs and memory; when the
/// tier has none that large, the next tier's. docs/azure-platform.md has the resulting table for the default flavors.
/// </summary>
public static class FlexibleServerSizes
{
    private static readonly (FlexibleServerSku Sku, int VCpus, int RamGigabytes)[] Sizes =
    [
        (Burstable("Standard_B1s"), 1, 1),
        (Burstable("Standard_B1ms"), 1, 2),
        (Burstable("Standard_B2s"), 2, 4),
        (Burstable("Standard_B2ms"), 2, 8),
        (Burstable("Standard_B4ms"), 4, 16),
        (Burstable("Standard_B8ms"), 8, 32),
        (Burstable("Standard_B12ms"), 12, 48),
        (Burstable("Standard_B16ms"), 16, 64),
        (Burstable("Standard_B20ms"), 20, 80),
        .. new[] { 2, 4, 8, 16, 32, 48, 64, 96 }.Select(n => (new FlexibleServerSku($"Standard_D{n}ads_v5", FlexibleServerTier.GeneralPurpose), n, n * 4)),
        .. new[] { 2, 4, 8, 16, 20, 32, 48, 64, 96 }.Select(n => (new FlexibleServerSku($"Standard_E{n}ads_v5", FlexibleServerTier.MemoryOptimized), n, n * 8)),
    ];

    /// <summary>The size for <paramref name="flavor"/>.</summary>
    /// <param name="flavor">The flavor.</param>
    /// <returns>The compute size.</returns>
    /// <exception cref="ArgumentException">No Flexible Server size is that large.</exception>
    public static FlexibleServerSku For(FlavorSpec flavor)
    {
        ArgumentNullException.ThrowIfNull(flavor);
        var vCpus = Math.Max(1, flavor.VCpus);
        var megabytesPerVCpu = (double)flavor.RamMegabytes / vCpus;
        var tier = megabytesPerVCpu <= 2048 ? FlexibleServerTier.Burstable
            : megabytesPerVCpu <= 4096 ? FlexibleServerTier.GeneralPurpose
            : FlexibleServerTier.MemoryOptimized;
        var fitting = Sizes
            .Where(size => size.Sku.Tier >= tier && size.VCpus >= vCpus && size.RamGigabytes * 1024L >= flavor.RamMegabytes)
            .OrderBy(size => size.Sku.Tier)
            .ThenBy(size => size.VCpus)
            .ThenBy(size => size.RamGigabytes);
        foreach (var size in fitting)
        {
            return size.Sku;
        }

        throw new ArgumentException($"No Azure Database for MySQL Flexible Server size has {flavor.VCpus} vCPUs and {flavor.RamMegabytes} MiB of memory.", nameof(flavor));
    }

    private static FlexibleServerSku Burstable(string name) => new(name, FlexibleServerTier.Burstable);
}
