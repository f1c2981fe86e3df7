using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

/// <summary>One API host for every CLI test class: starting the engine, Kestrel and mariadbd servers is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<ApiHost>
{
    public const string Name = "cli";
}
