using System.Buffers;

namespace Serverless.Storage.Artifacts;

/// <summary>Reads a stream to its end, discarding the bytes: lets a verifying layer below see the end and judge the whole blob.</summary>
internal static class StreamDrain
{
    /// <summary>Reads <paramref name="input"/> to its end.</summary>
    /// <returns>How many bytes were discarded.</returns>
    public static async ValueTask<long> DrainAsync(Stream input, bool useAsync, CancellationToken cancellationToken)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int n;
            while ((n = useAsync ? await input.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) : input.Read(scratch)) > 0)
            {
                total += n;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
