using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Blobs;

/// <summary>
/// The entry point to one storage account's Blob service, on an Azure.Core
/// <see cref="HttpPipeline"/>: retries with exponential backoff, logging through Azure.Core's
/// event source (keys and tokens redacted), and authentication by Shared Key (connection string)
/// or by a <see cref="TokenCredential"/> (Microsoft Entra ID, for example a managed identity
/// from Azure.Identity). Thread-safe; create one per account and keep it.
/// </summary>
public sealed class BlobServiceClient
{
    /// <summary>The scope of Azure Storage access tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly BlobRestPipeline pipeline;

    /// <summary>A client authenticating with the account key of a connection string.</summary>
    /// <param name="connectionString">See <see cref="StorageConnectionString"/>; for Azurite, <c>UseDevelopmentStorage=true</c> or the launcher's connection string.</param>
    /// <param name="options">Retry, diagnostics and transport options; null for the defaults.</param>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    /// <summary>A client authenticating with the account key of a parsed connection string.</summary>
    /// <param name="connectionString">The account, key and endpoint.</param>
    /// <param name="options">Retry, diagnostics and transport options; null for the defaults.</param>
    public BlobServiceClient(StorageConnectionString connectionString, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        options ??= new BlobClientOptions();
        Uri = connectionString.BlobEndpoint;
        pipeline = new BlobRestPipeline(Uri, BuildPipeline(options, new SharedKeyAuthenticationPolicy(connectionString.AccountName, connectionString.AccountKey)), options);
    }

    /// <summary>A client authenticating with bearer tokens for <see cref="StorageScope"/>.</summary>
    /// <param name="serviceUri">The Blob endpoint, for example <c>https://account.blob.core.windows.net</c>; must be https.</param>
    /// <param name="credential">Where tokens come from, for example <c>ManagedIdentityCredential</c> or <c>DefaultAzureCredential</c>.</param>
    /// <param name="options">Retry, diagnostics and transport options; null for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="serviceUri"/> is not https: tokens are never sent in clear text.</exception>
    public BlobServiceClient(Uri serviceUri, TokenCredential credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        if (!serviceUri.IsAbsoluteUri || serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Token authentication needs an https Blob endpoint; '{serviceUri}' is not one.", nameof(serviceUri));
        }

        options ??= new BlobClientOptions();
        Uri = new Uri(serviceUri.AbsoluteUri.TrimEnd('/'));
        pipeline = new BlobRestPipeline(Uri, BuildPipeline(options, new BearerTokenAuthenticationPolicy(credential, StorageScope)), options);
    }

    /// <summary>The Blob service endpoint.</summary>
    public Uri Uri { get; }

    /// <summary>A client for one container; the container need not exist yet.</summary>
    /// <param name="containerName">3-63 characters: lowercase letters, digits and single hyphens.</param>
    /// <returns>The container client.</returns>
    /// <exception cref="ArgumentException">The name breaks the container naming rules.</exception>
    public BlobContainerClient GetContainerClient(string containerName)
    {
        BlobNames.ValidateContainer(containerName);
        return new BlobContainerClient(pipeline, containerName);
    }

    private static HttpPipeline BuildPipeline(BlobClientOptions options, HttpPipelinePolicy authentication)
    {
        RefuseSecretLogging(options);
        return HttpPipelineBuilder.Build(new HttpPipelineOptions(options)
        {
            // Per retry: every attempt gets a fresh x-ms-date and a signature over it.
            PerRetryPolicies = { new RequestDatePolicy(), authentication },
        });
    }

    private static void RefuseSecretLogging(BlobClientOptions options)
    {
        var diagnostics = options.Diagnostics;
        if (diagnostics.LoggedHeaderNames.Any(name => name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("BlobClientOptions.Diagnostics.LoggedHeaderNames must not contain 'Authorization': it carries the signature or access token.", nameof(options));
        }

        if (diagnostics.LoggedQueryParameters.Any(name => name.Equals("sig", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException("BlobClientOptions.Diagnostics.LoggedQueryParameters must not contain 'sig': it is the signature of a shared access signature.", nameof(options));
        }
    }
}
