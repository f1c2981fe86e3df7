using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Resources;
using Azure.ResourceManager.Resources.Models;

namespace Serverless.Platforms.Azure;

/// <summary>How <see cref="FlexibleServerClient"/> builds, sends and reads its requests.</summary>
public sealed partial class FlexibleServerClient
{
    private const string AzureAsyncOperationHeader = "Azure-AsyncOperation";
    private const string LocationHeader = "Location";

    // https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftdbformysql
    [GeneratedRegex("^[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$")]
    private static partial Regex ServerNamePattern();

    [GeneratedRegex("^[a-zA-Z0-9][-_a-zA-Z0-9]{0,79}$")]
    private static partial Regex FirewallRuleNamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,127}$")]
    private static partial Regex ParameterNamePattern();

    private static string Switch(bool enabled) => enabled ? "Enabled" : "Disabled";

    private static BinaryData Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    private static void ValidateParameterName(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        if (!ParameterNamePattern().IsMatch(parameterName))
        {
            throw new ArgumentException($"'{parameterName}' is not a server parameter name (lowercase letters, digits and underscores).", nameof(parameterName));
        }
    }

    private static GenericResourceData ServerData(string location, FlexibleServerSku? sku, IReadOnlyDictionary<string, string> tags, ServerProperties properties)
    {
        var data = new GenericResourceData(new AzureLocation(location))
        {
            Properties = Json(properties, ArmRequestJsonContext.Default.ServerProperties),
        };
        if (sku is not null)
        {
            data.Sku = new ResourcesSku { Name = sku.Name, Tier = sku.Tier.ToString() };
        }

        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        return data;
    }

    private ResourceIdentifier ServerId(string serverName)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        if (!ServerNamePattern().IsMatch(serverName))
        {
            throw new ArgumentException(
                $"'{serverName}' is not a Flexible Server name: 3-63 lowercase letters, digits and hyphens, neither starting nor ending with a hyphen.",
                nameof(serverName));
        }

        return new ResourceIdentifier($"{_resourceGroupId}/providers/{ServerProvider}/{serverName}");
    }

    private ResourceIdentifier FirewallRuleId(string serverName, string ruleName)
    {
        var serverId = ServerId(serverName);
        ArgumentNullException.ThrowIfNull(ruleName);
        if (!FirewallRuleNamePattern().IsMatch(ruleName) || ruleName.EndsWith('-'))
        {
            throw new ArgumentException($"'{ruleName}' is not a firewall rule name: letters, digits, hyphens and underscores, at most 80.", nameof(ruleName));
        }

        return new ResourceIdentifier($"{serverId}/firewallRules/{ruleName}");
    }

    private Uri ResourceUrl(ResourceIdentifier id, string suffix = "") => new(_pipeline.BaseEndpoint, $"{id}{suffix}?api-version={ApiVersion}");

    /// <summary>GETs a resource through the generic API; null when ARM answers 404.</summary>
    private async Task<GenericResourceData?> TryGetResourceAsync(ResourceIdentifier id, string action, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _arm.GetGenericResource(id).GetAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Data;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw ArmError.ToException(action, e, _time);
        }
    }

    private async Task<FlexibleServer> GetExistingServerAsync(ResourceIdentifier id, string action, CancellationToken cancellationToken)
    {
        var data = await TryGetResourceAsync(id, action, cancellationToken).ConfigureAwait(false)
            ?? throw new ArmResourceNotFoundException(action, "ResourceNotFound", $"The Flexible Server '{id.Name}' does not exist.");
        return FlexibleServerReader.Read(data);
    }

    private async Task<ArmOperationToken> PutServerAsync(ArmOperationKind kind, ResourceIdentifier id, GenericResourceData data, string action, CancellationToken cancellationToken)
    {
        try
        {
            var operation = await _arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Started, id, data, cancellationToken).ConfigureAwait(false);
            return Started(kind, id, operation.GetRawResponse(), action);
        }
        catch (RequestFailedException e)
        {
            throw ArmError.ToException(action, e, _time);
        }
    }

    private async Task<ArmOperationToken> BeginPowerActionAsync(
        string serverName, ArmOperationKind kind, string actionPath, FlexibleServerState target, string verb, CancellationToken cancellationToken)
    {
        var id = ServerId(serverName);
        var action = $"{verb} Flexible Server '{serverName}'";
        var server = await GetExistingServerAsync(id, action, cancellationToken).ConfigureAwait(false);
        if (server.State == target)
        {
            return Finished(kind, id, $"the server is {server.StateText}");
        }

        return await SendOperationAsync(kind, id, RequestMethod.Post, ResourceUrl(id, actionPath), null, action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request that starts a long-running operation through the ARM pipeline and returns its token.</summary>
    private async Task<ArmOperationToken> SendOperationAsync(
        ArmOperationKind kind,
        ResourceIdentifier id,
        RequestMethod method,
        Uri url,
        BinaryData? body,
        string action,
        CancellationToken cancellationToken,
        bool missingMeansDone = false)
    {
        using var message = await SendAsync(method, url, body, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404 && missingMeansDone)
        {
            return Finished(kind, id, "it does not exist");
        }

        if (response.Status >= 400)
        {
            throw ArmError.ToException(action, response, _time);
        }

        return Started(kind, id, response, action);
    }

    private async Task<HttpMessage> SendAsync(RequestMethod method, Uri url, BinaryData? body, CancellationToken cancellationToken)
    {
        var message = _pipeline.HttpPipeline.CreateMessage();
        try
        {
            message.Request.Method = method;
            message.Request.Uri.Reset(url);
            message.Request.Headers.SetValue("Accept", "application/json");
            if (body is not null)
            {
                message.Request.Headers.SetValue("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(body);
            }

            await _pipeline.HttpPipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private Task<IReadOnlyList<FlexibleServer>> ListAsync(Uri url, string action, CancellationToken cancellationToken) =>
        ListAsync(url, action, FlexibleServerReader.Read, cancellationToken);

    private async Task<IReadOnlyList<T>> ListAsync<T>(Uri url, string action, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        Uri? next = url;
        while (next is not null)
        {
            using var message = await SendAsync(RequestMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            if (message.Response.Status != 200)
            {
                throw ArmError.ToException(action, message.Response, _time);
            }

            using var page = JsonDocument.Parse(message.Response.Content.ToMemory());
            if (page.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(value.EnumerateArray().Select(read));
            }

            next = JsonFields.String(page.RootElement, "nextLink") is { Length: > 0 } link ? RequireArmUrl(new Uri(link), action) : null;
        }

        return items;
    }

    /// <summary>The token for an operation ARM accepted, from the headers and status of its first answer.</summary>
    private ArmOperationToken Started(ArmOperationKind kind, ResourceIdentifier id, Response response, string action)
    {
        var (mode, url) = response.Headers.TryGetValue(AzureAsyncOperationHeader, out var asyncOperation) && !string.IsNullOrEmpty(asyncOperation)
            ? (ArmPollingMode.AzureAsyncOperation, RequireArmUrl(new Uri(asyncOperation), action))
            : response.Headers.TryGetValue(LocationHeader, out var location) && !string.IsNullOrEmpty(location)
                ? (ArmPollingMode.Location, RequireArmUrl(new Uri(location), action))
                : (response.Status == 202 || HasPendingProvisioningState(response) ? ArmPollingMode.ResourceState : ArmPollingMode.Completed, null);
        var token = new ArmOperationToken(kind, id.ToString(), mode, url, _time.GetUtcNow());
        FlexibleServerClientLog.OperationStarted(_logger, kind, token.ResourceId, response.Status, mode);
        return token;
    }

    /// <summary>A token for an operation that is not sent because the resource exists: it follows the resource's state.</summary>
    private ArmOperationToken TakenUp(ArmOperationKind kind, ResourceIdentifier id, string reason)
    {
        var token = new ArmOperationToken(kind, id.ToString(), ArmPollingMode.ResourceState, null, _time.GetUtcNow());
        FlexibleServerClientLog.OperationAlreadyDone(_logger, kind, token.ResourceId, reason);
        return token;
    }

    /// <summary>A token for an operation that has nothing left to do.</summary>
    private ArmOperationToken Finished(ArmOperationKind kind, ResourceIdentifier id, string reason)
    {
        var token = new ArmOperationToken(kind, id.ToString(), ArmPollingMode.Completed, null, _time.GetUtcNow());
        FlexibleServerClientLog.OperationAlreadyDone(_logger, kind, token.ResourceId, reason);
        return token;
    }

    /// <summary>A URL that ARM sent (polling, next page), checked before the bearer token is sent to it.</summary>
    private Uri RequireArmUrl(Uri url, string action) =>
        IsArmUrl(url)
            ? url
            : throw new ArmRequestException(
                action, 0, "UnexpectedUrl", $"ARM pointed to {url.GetLeftPart(UriPartial.Authority)}, which is not the Resource Manager endpoint; it is not followed.");

    /// <summary>
    /// The bearer token goes wherever a URL points, and polling URLs come from durable history: only the Resource
    /// Manager endpoint itself, over https, is followed.
    /// </summary>
    private bool IsArmUrl(Uri url) =>
        url.IsAbsoluteUri
        && url.Scheme == Uri.UriSchemeHttps
        && string.Equals(url.Authority, _pipeline.BaseEndpoint.Authority, StringComparison.OrdinalIgnoreCase);

    private static bool HasPendingProvisioningState(Response response)
    {
        if (response.Content is null || response.Content.ToMemory().IsEmpty)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            var state = JsonFields.String(JsonFields.Object(document.RootElement, "properties"), "provisioningState");
            return state is not null && !IsTerminal(state);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsTerminal(string status) =>
        status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)
        || status.Equals("Failed", StringComparison.OrdinalIgnoreCase)
        || status.Equals("Canceled", StringComparison.OrdinalIgnoreCase)
        || status.Equals("Cancelled", StringComparison.OrdinalIgnoreCase);
}
