using System.Text.Json;
using Azure.Core;

namespace Serverless.Platforms.Azure;

/// <summary>How <see cref="FlexibleServerClient"/> polls a long-running operation once, by the ARM async-operation rules.</summary>
public sealed partial class FlexibleServerClient
{
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    private Uri PollingUrl(ArmOperationToken token) =>
        token.PollingUrl is { } url && IsArmUrl(url)
            ? url
            : throw new ArgumentException(
                $"The token of {token.Kind} on '{token.ResourceId}' has no polling URL on the Resource Manager endpoint {_pipeline.BaseEndpoint.GetLeftPart(UriPartial.Authority)}; it is not followed.",
                nameof(token));

    /// <summary><c>Azure-AsyncOperation</c>: the body's <c>status</c> tells; the HTTP status only says whether the poll itself worked.</summary>
    private async Task<ArmOperationStatus> PollAsyncOperationAsync(ArmOperationToken token, string action, CancellationToken cancellationToken)
    {
        using var message = await SendAsync(RequestMethod.Get, PollingUrl(token), null, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw ArmError.ToException(action, response, _time);
        }

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var root = document.RootElement;
        var status = JsonFields.String(root, "status") ?? "";
        var error = JsonFields.Object(root, "error");
        if (status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
        {
            return ArmOperationStatus.Succeeded;
        }

        if (status.Equals("Failed", StringComparison.OrdinalIgnoreCase))
        {
            return ArmOperationStatus.Failed(JsonFields.String(error, "code") ?? "Failed", JsonFields.String(error, "message") ?? "ARM reports the operation failed without a message.");
        }

        if (status.Equals("Canceled", StringComparison.OrdinalIgnoreCase) || status.Equals("Cancelled", StringComparison.OrdinalIgnoreCase))
        {
            return ArmOperationStatus.Failed(JsonFields.String(error, "code") ?? "Canceled", JsonFields.String(error, "message") ?? "The operation was canceled.");
        }

        // InProgress, or a provider-specific step such as Accepted or Creating.
        return ArmOperationStatus.InProgress(NextPoll(response));
    }

    /// <summary>
    /// <c>Location</c>: 202 while running; 200, 201 or 204 once succeeded; a client error (with ARM's error body) once
    /// failed. Authorization, throttling and server errors say nothing about the operation and are thrown.
    /// </summary>
    private async Task<ArmOperationStatus> PollLocationAsync(ArmOperationToken token, string action, CancellationToken cancellationToken)
    {
        using var message = await SendAsync(RequestMethod.Get, PollingUrl(token), null, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        switch (response.Status)
        {
            case 202:
                return ArmOperationStatus.InProgress(NextPoll(response));
            case < 300:
                return ArmOperationStatus.Succeeded;
            case >= 400 and < 500 and not (401 or 403 or 408 or 429):
                var (code, armMessage) = ArmError.Read(response.Content);
                return ArmOperationStatus.Failed(code ?? $"Http{response.Status}", armMessage ?? $"ARM answered {response.Status} for the operation.");
            default:
                throw ArmError.ToException(action, response, _time);
        }
    }

    /// <summary>
    /// No polling URL: the resource's own state tells whether the operation's goal is reached. The fallback for an
    /// operation taken up again without its URL (the server existed) and for an answer without polling headers; a
    /// change that has not begun yet cannot be told from one that has finished, which is why URLs are preferred.
    /// </summary>
    private async Task<ArmOperationStatus> PollResourceStateAsync(ArmOperationToken token, string action, CancellationToken cancellationToken)
    {
        var id = new ResourceIdentifier(token.ResourceId);
        var data = await TryGetResourceAsync(id, action, cancellationToken).ConfigureAwait(false);
        var inProgress = ArmOperationStatus.InProgress(_options.DefaultPollInterval);
        switch (token.Kind)
        {
            case ArmOperationKind.DeleteServer or ArmOperationKind.DeleteFirewallRule:
                return data is null ? ArmOperationStatus.Succeeded : inProgress;
            case ArmOperationKind.CreateFirewallRule:
                return data is null ? inProgress : ArmOperationStatus.Succeeded;
        }

        if (data is null)
        {
            return ArmOperationStatus.Failed("ResourceNotFound", $"The Flexible Server '{id.Name}' does not exist.");
        }

        var server = FlexibleServerReader.Read(data);
        using (var properties = JsonDocument.Parse(data.Properties?.ToMemory() ?? "{}"u8.ToArray()))
        {
            var provisioning = JsonFields.String(properties.RootElement, "provisioningState");
            if (provisioning is not null && IsTerminal(provisioning) && !provisioning.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
            {
                return ArmOperationStatus.Failed(provisioning, $"The Flexible Server '{server.Name}' reports provisioning state {provisioning}.");
            }
        }

        switch (server.State)
        {
            case FlexibleServerState.Disabled:
                return ArmOperationStatus.Failed("ServerDisabled", $"The Flexible Server '{server.Name}' is disabled.");
            case FlexibleServerState.Dropping:
                return ArmOperationStatus.Failed("ServerDropping", $"The Flexible Server '{server.Name}' is being deleted.");
        }

        var reached = token.Kind switch
        {
            ArmOperationKind.StopServer => server.State == FlexibleServerState.Stopped,
            ArmOperationKind.StopReplication => server.State == FlexibleServerState.Ready && server.ReplicationRole != ReplicationRole.Replica,
            _ => server.State == FlexibleServerState.Ready,
        };
        return reached ? ArmOperationStatus.Succeeded : inProgress;
    }

    private TimeSpan NextPoll(global::Azure.Response response)
    {
        var wait = RetryAfterHeader.Read(response, _time) ?? _options.DefaultPollInterval;
        return wait < MinPollInterval ? MinPollInterval : wait;
    }
}
