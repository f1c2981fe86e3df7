using Serverless.Platforms.Local;
using Xunit;

namespace Serverless.Testing;

/// <summary>
/// An xunit fixture (class or collection) that owns one guarded MariaDB server with TLS enabled.
/// The server is killed together with the test process, however that process ends, and its
/// state is deleted when the fixture is disposed.
/// </summary>
/// <example>
/// A test class that needs a read-only server:
/// <code>
/// public sealed class ReadOnlyServerFixture : MariaDbServerFixture
/// {
///     protected override MariaDbServerOptions ConfigureOptions(MariaDbServerOptions options) =>
///         options with { ExtraSettings = new Dictionary&lt;string, string&gt; { ["read_only"] = "ON" } };
/// }
/// </code>
/// </example>
public class MariaDbServerFixture : IAsyncLifetime
{
    private MariaDbServer? server;

    /// <summary>The running server; available once xunit has initialized the fixture.</summary>
    public MariaDbServer Server => server ?? throw new InvalidOperationException("The MariaDB server fixture has not been initialized.");

    /// <summary>Starts the server.</summary>
    public async Task InitializeAsync()
    {
        var options = ConfigureOptions(new MariaDbServerOptions { Name = GetType().Name, EnableTls = true, Guarded = true });
        server = await MariaDbServer.StartAsync(options, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes its state directory.</summary>
    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adjusts the options before the server starts; the defaults are a guarded server with TLS
    /// named after the fixture type. Return a modified copy (<c>options with { ... }</c>).
    /// </summary>
    /// <param name="options">The default options.</param>
    /// <returns>The options to start the server with.</returns>
    protected virtual MariaDbServerOptions ConfigureOptions(MariaDbServerOptions options) => options;
}
