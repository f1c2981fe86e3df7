using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Blobs;

/// <summary>
/// Sets <c>x-ms-date</c> on every attempt: the service rejects requests older than 15 minutes,
/// and Shared Key signs the date, so a retry needs a fresh one.
/// </summary>
internal sealed class RequestDatePolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
}
