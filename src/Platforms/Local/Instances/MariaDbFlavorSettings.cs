namespace Serverless.Platforms.Local.Instances;

/// <summary>The <c>[mysqld]</c> settings a <see cref="ServerSpec"/> adds to the generated configuration.</summary>
internal static class MariaDbFlavorSettings
{
    /// <summary>The buffer pool never gets less than this, however small the flavor.</summary>
    public const long MinBufferPoolMegabytes = 128;

    // A little over half the memory, as managed MySQL services size it: the rest is for
    // connections, temporary tables and the operating system.
    private const int BufferPoolPercent = 55;

    // InnoDB rounds the buffer pool to whole chunks; a multiple of 8 MB stays what we asked for.
    private const long BufferPoolGranuleMegabytes = 8;

    /// <summary>innodb_buffer_pool_size in bytes for <paramref name="flavor"/>.</summary>
    public static long BufferPoolBytes(FlavorSpec flavor)
    {
        var megabytes = (long)flavor.RamMegabytes * BufferPoolPercent / 100;
        megabytes = Math.Max(MinBufferPoolMegabytes, megabytes / BufferPoolGranuleMegabytes * BufferPoolGranuleMegabytes);
        return megabytes * 1024 * 1024;
    }

    /// <summary>The settings: buffer pool, max_connections, and read_only for replicas.</summary>
    public static IReadOnlyDictionary<string, string> For(ServerSpec spec)
    {
        var settings = new Dictionary<string, string>
        {
            ["innodb_buffer_pool_size"] = BufferPoolBytes(spec.Flavor).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max_connections"] = spec.Flavor.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (spec.ReadOnly)
        {
            settings["read_only"] = "ON";
        }

        return settings;
    }
}
