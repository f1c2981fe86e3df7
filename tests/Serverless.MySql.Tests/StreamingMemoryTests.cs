using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

/// <summary>
/// Measures the managed heap, which other test classes running in parallel would disturb, so this class runs alone.
/// </summary>
[Collection(nameof(StreamingMemoryCollection))]
public sealed class StreamingMemoryTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task OneMillionRows_StreamWithFlatMemory()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await using var reader = await connection.QueryAsync(
            "SELECT seq, CONCAT('row-', seq, '-', REPEAT('p', 100)) FROM mysql.seq_1_to_1000000");
        long count = 0, sum = 0, bytes = 0, heapAfterWarmup = 0;

        while (await reader.ReadAsync())
        {
            count++;
            sum += reader.GetInt64(0);
            bytes += reader.GetRawValue(1).Length;
            if (count == 10_000)
            {
                heapAfterWarmup = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(1_000_000, count);
        Assert.Equal(500_000_500_000, sum);
        Assert.True(bytes > 100_000_000, $"only {bytes} bytes streamed");
        // The 100+ MB streamed must not stay on the heap: live memory stays within a few MiB of where it was.
        Assert.True(heapAtEnd - heapAfterWarmup < 8 * 1024 * 1024, $"heap grew from {heapAfterWarmup} to {heapAtEnd} bytes");
    }
}

/// <summary>Runs its classes after, not beside, the other tests of the assembly.</summary>
[CollectionDefinition(nameof(StreamingMemoryCollection), DisableParallelization = true)]
public sealed class StreamingMemoryCollection;
