using System.Runtime.Versioning;
using Microsoft.Playwright;
using Serverless.Testing;
using Xunit;

namespace Serverless.WebConsole.Tests;

/// <summary>
/// The API host (<see cref="ApiHost"/>: Kestrel, the durable runtime, mariadbd servers, Azurite) and Debian's chromium
/// driven by Playwright. Chromium comes from scripts/install.sh; without it the fixture fails with a message that says
/// so, rather than letting the browser tests pass unseen.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ConsoleHost : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ApiHost Api { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Gets where the tests save their screenshots: beside the test results of scripts/test.sh, or TestResults/ of the repository.</summary>
    public string ScreenshotDirectory { get; } = Screenshots();

    public async Task InitializeAsync()
    {
        var chromium = ChromiumPath();
        await Api.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Api.DisposeAsync();
    }

    // CHROMIUM_PATH overrides; Debian installs /usr/bin/chromium.
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The console's browser tests need chromium at {path}, and it is not there. Run scripts/install.sh (it installs Debian's chromium), or set CHROMIUM_PATH.");
        }

        return path;
    }

    private static string Screenshots()
    {
        var root = Environment.GetEnvironmentVariable("SERVERLESS_TEST_RESULTS") is { Length: > 0 } results
            ? results
            : Path.Combine(RepositoryRoot(), "TestResults");
        var directory = Path.Combine(root, "console-screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The directory holding Serverless.sln, above the test's output directory.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
