using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Serverless.WebConsole.Tests;

/// <summary>
/// The web console in Debian's chromium: a person signs in with the project token, watches an operation move, and sees
/// a replica set and a backup chain; every check reads what the page shows, and the screenshots are kept with the results.
/// </summary>
[Collection(ConsoleCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed partial class ConsoleBrowserTests(ConsoleHost host, ITestOutputHelper output)
{
    private const string Project = "console";
    private const string Token = "console-token-8f3a91";

    // Page checks wait for what the console shows after its next refresh (every 2 s) or an operation's end.
    private static readonly LocatorAssertionsToBeVisibleOptions Shown = new() { Timeout = 180_000 };

    private static readonly LocatorAssertionsToContainTextOptions Contained = new() { Timeout = 180_000 };

    [Fact]
    public async Task Console_ShowsLiveProgress_TheReplicaSet_AndTheBackupChain_AndBacksUpOnConfirmation()
    {
        host.Api.AddProject(Project, Token);
        using var client = host.Api.Client(Project, Token);
        var api = new ApiCalls(client);

        // Arrange through the API: an instance with a chain of a full and an incremental backup.
        var sourceId = (await api.PostAsync("instances", """{"instance": {"name": "shop", "flavorRef": 1, "volume": {"size": 1}}}"""))
            .GetProperty("instance").GetProperty("id").GetString()!;
        await api.WaitForStatusAsync("instances", sourceId, "ACTIVE");
        var fullId = (await api.PostAsync("backups", $$$"""{"backup": {"name": "shop-full", "instance": "{{{sourceId}}}"}}""")).GetProperty("backup").GetProperty("id").GetString()!;
        await api.WaitForStatusAsync("backups", fullId, "COMPLETED");
        await api.WaitForStatusAsync("instances", sourceId, "ACTIVE");
        var incrementalId = (await api.PostAsync("backups", $$$"""{"backup": {"name": "shop-incr", "instance": "{{{sourceId}}}", "incremental": 1}}""")).GetProperty("backup").GetProperty("id").GetString()!;
        await api.WaitForStatusAsync("backups", incrementalId, "COMPLETED");
        await api.WaitForStatusAsync("instances", sourceId, "ACTIVE");

        await using var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Api.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };
        var requestedUrls = new List<string>();
        page.Request += (_, request) => requestedUrls.Add(request.Url);

        await SignInAsync(page);
        var sourceRow = page.Locator($"tr[data-instance='{sourceId}']");
        await Expect(sourceRow.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true })).ToBeVisibleAsync(Shown);
        await Expect(sourceRow).ToContainTextAsync("ACTIVE");
        await Expect(sourceRow).ToContainTextAsync("standalone");
        await ScreenshotAsync(page, "1-instances");

        // The instance's page: standalone, with its chain: full → incremental, sizes, the point-in-time window.
        await sourceRow.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instance shop", Exact = true })).ToBeVisibleAsync(Shown);
        await Expect(page.GetByText("Standalone: this instance has no replicas.")).ToBeVisibleAsync(Shown);
        var chain = page.Locator($"[data-chain='{fullId}']");
        await Expect(chain).ToBeVisibleAsync(Shown);
        await Expect(chain).ToContainTextAsync("Chain from shop-full");
        await Expect(chain).ToContainTextAsync("point-in-time window");
        var members = chain.Locator("[data-backup]");
        await Expect(members).ToHaveCountAsync(2);
        await Expect(members.Nth(0)).ToContainTextAsync("full");
        await Expect(members.Nth(0)).ToContainTextAsync("shop-full");
        await Expect(members.Nth(0)).ToContainTextAsync(SizePattern());
        await Expect(members.Nth(1)).ToContainTextAsync("incremental");
        await Expect(members.Nth(1)).ToContainTextAsync("shop-incr");
        await Expect(members.Nth(1)).ToContainTextAsync(SizePattern());
        await ScreenshotAsync(page, "2-chain");

        // "Create replica" asks first; then the topology shows the replica building, its step and progress moving,
        // until it runs, with no reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Create replica" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Create a replica of shop?");
        await dialog.GetByLabel("Replica name").FillAsync("shop-replica");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create replica" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var topology = page.GetByRole(AriaRole.Group, new() { Name = "Replica set topology" });
        var replicaNode = topology.Locator("[data-role='replica']");
        var seen = await WatchUntilAsync(replicaNode, "ACTIVE");
        output.WriteLine($"The replica's node showed: {string.Join(" | ", seen)}");
        Assert.Contains(seen, s => s.Contains("BUILD", StringComparison.Ordinal) && s.Contains("create: ", StringComparison.Ordinal) && ProgressOf(s) is >= 0 and < 100);
        Assert.Contains("ACTIVE", seen[^1], StringComparison.Ordinal);
        await Expect(topology.Locator("[data-role='source']")).ToContainTextAsync("shop");
        await Expect(replicaNode).ToHaveCountAsync(1);
        await Expect(replicaNode).ToContainTextAsync("shop-replica");
        await Expect(replicaNode).ToContainTextAsync("running", new() { Timeout = 60_000 });
        await Expect(replicaNode).ToContainTextAsync(LagPattern());
        await ScreenshotAsync(page, "3-topology");

        // "Back up now": cancelling does nothing; confirming starts an incremental that joins the chain, live.
        await page.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Back up shop?");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(2, (await api.GetAsync($"instances/{sourceId}/backups")).GetProperty("backups").GetArrayLength());

        await page.GetByRole(AriaRole.Button, new() { Name = "Back up now" }).ClickAsync();
        await dialog.GetByLabel("Backup name").FillAsync("shop-now");
        await dialog.GetByLabel("Incremental (on the latest backup)").CheckAsync();
        await ScreenshotAsync(page, "4-confirm-backup");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Start backup" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var lastOperation = page.GetByRole(AriaRole.Table, new() { Name = "Operations" }).Locator("tbody tr").First;
        await Expect(lastOperation.Locator("th")).ToHaveTextAsync("backup", new() { Timeout = 30_000 });
        await Expect(members).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await Expect(members.Nth(2)).ToContainTextAsync("shop-now");
        await Expect(lastOperation).ToContainTextAsync("COMPLETED", new() { Timeout = 180_000 });
        await Expect(members.Nth(2)).ToContainTextAsync("COMPLETED", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "5-backup-done");

        // "Promote" on the replica's page: after the switchover the roles are swapped.
        await replicaNode.GetByRole(AriaRole.Link, new() { Name = "shop-replica", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instance shop-replica", Exact = true })).ToBeVisibleAsync(Shown);
        await page.GetByRole(AriaRole.Button, new() { Name = "Promote to source" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Promote shop-replica to source?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Promote" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(topology.Locator("[data-role='source']")).ToContainTextAsync("shop-replica", Contained);
        await Expect(topology.Locator("[data-role='replica']")).Not.ToContainTextAsync("shop-replica", new() { Timeout = 30_000 });
        await Expect(topology.Locator("[data-role='replica']")).ToContainTextAsync("running", Contained);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Promote to source" })).ToBeHiddenAsync(new() { Timeout = 180_000 });
        await ScreenshotAsync(page, "6-promoted");

        await page.GetByRole(AriaRole.Link, new() { Name = "← All instances" }).ClickAsync();
        await Expect(sourceRow).ToContainTextAsync("replica of shop-replica", Contained);
        var replicaRow = page.Locator("tbody tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "shop-replica", Exact = true }) });
        await Expect(replicaRow).ToContainTextAsync("source of 1", Contained);
        await ScreenshotAsync(page, "7-instances-after-promote");
        await AssertAccessibleAsync(page);
        await replicaRow.GetByRole(AriaRole.Link, new() { Name = "shop-replica", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Replica set topology" })).ToBeVisibleAsync(Shown);
        await AssertAccessibleAsync(page);
        // The token stays in the tab's session storage: never in an address the browser asked for.
        Assert.DoesNotContain(requestedUrls, url => url.Contains(Token, StringComparison.Ordinal));
        Assert.Equal(Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('dbaas-console.token')"));
        Assert.DoesNotContain(host.Api.Logs, line => line.Contains(Token, StringComparison.Ordinal));
        Assert.True(consoleErrors.Count == 0, $"the page logged errors: {string.Join("; ", consoleErrors)}");
    }

    [Fact]
    public async Task SignIn_WithAWrongToken_SaysWhy_AndKeepsNothing()
    {
        host.Api.AddProject(Project, Token);
        await using var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Api.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.GetByLabel("Project").FillAsync(Project);
        await page.GetByLabel("Token").FillAsync("not-the-token");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not valid" })).ToBeVisibleAsync(Shown);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('dbaas-console.token')"));
        await ScreenshotAsync(page, "0-wrong-token");
        await AssertAccessibleAsync(page);
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/console");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // By keyboard, as the form's labels and tab order allow.
        await page.GetByLabel("Project").FocusAsync();
        await page.Keyboard.TypeAsync(Project);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Token);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instances" })).ToBeVisibleAsync(Shown);
        Assert.DoesNotContain(Token, page.Url, StringComparison.Ordinal);
    }

    // Reads the element's text as it changes until it holds <paramref name="text"/>; every distinct text, in order.
    private static async Task<List<string>> WatchUntilAsync(ILocator element, string text)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var now = await element.CountAsync() == 1 ? Regex.Replace(await element.InnerTextAsync(), @"\s+", " ").Trim() : "";
            if (now.Length > 0 && (seen.Count == 0 || seen[^1] != now))
            {
                seen.Add(now);
            }

            if (now.Contains(text, StringComparison.Ordinal))
            {
                return seen;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), $"the page does not show {text} after {clock.Elapsed}: {string.Join(" | ", seen)}");
            await element.Page.WaitForTimeoutAsync(100);
        }
    }

    // axe-core's WCAG A and AA rules over what the page shows now.
    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = result.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"{page.Url}: {string.Join("; ", violations)}");
    }

    private static int? ProgressOf(string state) => ProgressPattern().Match(state) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(host.ScreenshotDirectory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    [GeneratedRegex(@"(\d+)%")]
    private static partial Regex ProgressPattern();

    [GeneratedRegex(@"lag \d+ s")]
    private static partial Regex LagPattern();

    [GeneratedRegex(@"\d+(\.\d+)? (KB|MB|GB)")]
    private static partial Regex SizePattern();
}
