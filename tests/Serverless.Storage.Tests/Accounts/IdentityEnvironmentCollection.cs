using Xunit;

namespace Serverless.Storage.Tests.Accounts;

/// <summary>Tests that set the process's managed identity environment variables run alone, so no other test sees them.</summary>
[CollectionDefinition(nameof(IdentityEnvironmentCollection), DisableParallelization = true)]
public sealed class IdentityEnvironmentCollection;
