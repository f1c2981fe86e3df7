using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>One host (engine, platform, Kestrel) for every API test class: starting mariadbd servers is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}
