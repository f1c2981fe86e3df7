using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Opens the <see cref="ArmClient"/>'s own HTTP pipeline (bearer token, retries, telemetry) for the requests the generic
/// resource API has no method for: POST actions, PATCH with an exact body, lists of a server's replicas, operation polls.
/// Azure.ResourceManager 1.7 keeps the pipeline <c>protected internal</c> on <see cref="ArmResource"/>; deriving from it is
/// the supported way in.
/// </summary>
internal sealed class ArmPipelineResource : ArmResource
{
    public ArmPipelineResource(ArmClient client, ResourceIdentifier id)
        : base(client, id)
    {
    }

    public HttpPipeline HttpPipeline => Pipeline;

    public Uri BaseEndpoint => Endpoint;
}
