using Xunit;

namespace Serverless.WebConsole.Tests;

/// <summary>One API host and one browser for every console test class: mariadbd servers and chromium are the slow parts.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "console";
}
