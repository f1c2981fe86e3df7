using System.Reflection;
using System.Text.Json;
using Serverless.Api;
using Serverless.Orchestrations;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>
/// The built app's <c>functions.metadata</c> (what the Functions host indexes) against what the local host serves and
/// runs: every Trove route with its method and path, every orchestrator and every activity, and the schedule and settle timers; nothing missing, nothing extra.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly IReadOnlyList<JsonElement> Functions = Load();

    [Fact]
    public void Metadata_ListsEveryRouteOrchestratorAndActivity_AndNothingElse()
    {
        var expected = TroveRoutes.All.Select(route => route.Name).Concat(SiteRoutes.All.Select(route => route.Name)).Concat(ControlPlane.OrchestratorNames).Concat(ControlPlane.ActivityNames)
            .Append(ScheduleTimerFunction.Name).Append(SettleTimerFunction.Name).Order(StringComparer.Ordinal);

        Assert.Equal(expected, Functions.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryHttpFunction_HasItsRoutesTemplateAndMethod()
    {
        foreach (var route in TroveRoutes.All)
        {
            var trigger = Trigger(route.Name, "httpTrigger");
            var template = route == TroveRoutes.NotFound ? $"{TroveRoute.ProjectPrefix}/{{*path}}" : route.Template;
            Assert.Equal(template, trigger.GetProperty("route").GetString());
            var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList();
            if (route.Method is { } method)
            {
                Assert.Equal([method], methods);
            }
            else
            {
                Assert.Superset(new HashSet<string> { "GET", "POST", "PUT", "PATCH", "DELETE" }, methods.ToHashSet());
            }

            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        }
    }

    [Fact]
    public void SiteFunctions_ServeTheConsoleAndTheOpenApiDocument_Anonymously()
    {
        var console = Trigger(SiteRoutes.ConsoleName, "httpTrigger");
        Assert.Equal("console/{*path}", console.GetProperty("route").GetString());
        var openApi = Trigger(SiteRoutes.OpenApiName, "httpTrigger");
        Assert.Equal(SiteRoutes.OpenApi.Pattern, openApi.GetProperty("route").GetString());
        Assert.All([console, openApi], trigger => Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true));
    }

    [Fact]
    public void Orchestrators_AndActivities_HaveTheirTriggers()
    {
        Assert.All(ControlPlane.OrchestratorNames, name => Trigger(name, "orchestrationTrigger"));
        Assert.All(ControlPlane.ActivityNames, name => Trigger(name, "activityTrigger"));
    }

    [Fact]
    public void ScheduleTimer_RunsEveryMinute()
    {
        Assert.Equal(ScheduleTimerFunction.EveryMinute, Trigger(ScheduleTimerFunction.Name, "timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void SettleTimer_RunsEveryFiveMinutes()
    {
        Assert.Equal(SettleTimerFunction.EveryFiveMinutes, Trigger(SettleTimerFunction.Name, "timerTrigger").GetProperty("schedule").GetString());
    }

    private static JsonElement Trigger(string functionName, string type)
    {
        var function = Assert.Single(Functions, f => f.GetProperty("name").GetString() == functionName);
        return Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == type);
    }

    private static List<JsonElement> Load()
    {
        var path = typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsMetadata").Value!;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(f => f.Clone())];
    }
}
