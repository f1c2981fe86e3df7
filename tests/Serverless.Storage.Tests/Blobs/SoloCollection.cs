using Xunit;

namespace Serverless.Storage.Tests.Blobs;

/// <summary>
/// Test classes that measure the process (memory, throughput) run in this collection: after all
/// parallel tests and one at a time, so other tests do not skew the numbers.
/// </summary>
[CollectionDefinition(nameof(SoloCollection), DisableParallelization = true)]
public sealed class SoloCollection;
