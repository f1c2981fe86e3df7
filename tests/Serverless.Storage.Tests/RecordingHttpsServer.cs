using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Storage.Tests;

/// <summary>
/// Stands in for Azure where Azurite cannot, because bearer tokens are only ever sent over https: a loopback
/// https endpoint (self-signed certificate) that records each request's method, path, query and headers and
/// answers like a successful Put Blob; and, on plain http like the App Service identity endpoint, a managed
/// identity token endpoint that hands out <see cref="IssuedToken"/>.
/// </summary>
internal sealed class RecordingHttpsServer : IAsyncDisposable
{
    /// <summary>The access token the identity endpoint issues.</summary>
    public const string IssuedToken = "managed-identity-access-token";

    /// <summary>
    /// The account in the endpoint's path: the Blob client reads an IP-address endpoint path-style, as Azurite's,
    /// where Azure's endpoints carry the account in the host name.
    /// </summary>
    public const string AccountName = "fakeaccount";

    private const string TokenPath = "/msi/token";

    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private RecordingHttpsServer(WebApplication app, X509Certificate2 certificate, Uri blobEndpoint, Uri identityEndpoint)
    {
        this.app = app;
        this.certificate = certificate;
        BlobEndpoint = blobEndpoint;
        IdentityEndpoint = identityEndpoint;
    }

    /// <summary>The https endpoint that answers Blob requests, <c>https://127.0.0.1:{port}/fakeaccount</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The http endpoint that issues managed identity tokens (App Service protocol, as in Azure Functions).</summary>
    public Uri IdentityEndpoint { get; }

    /// <summary>Requests to <see cref="BlobEndpoint"/>.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests to <see cref="IdentityEndpoint"/>.</summary>
    public ConcurrentQueue<RecordedRequest> TokenRequests { get; } = new();

    public static async Task<RecordingHttpsServer> StartAsync()
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        RecordingHttpsServer? server = null;
        app.Run(async context =>
        {
            var request = context.Request;
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(request.Method, new Uri($"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}"), headers);
            await request.Body.CopyToAsync(Stream.Null);
            if (!request.IsHttps && request.Path == TokenPath)
            {
                server!.TokenRequests.Enqueue(recorded);
                var expiresOn = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    $$"""{"access_token":"{{IssuedToken}}","expires_on":"{{expiresOn}}","resource":"https://storage.azure.com","token_type":"Bearer"}""");
                return;
            }

            server!.Requests.Enqueue(recorded);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.ETag = "\"0x8DCAFE\"";
            context.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
        });
        await app.StartAsync();
        var ports = app.Urls.Select(url => new Uri(url)).ToList();
        server = new RecordingHttpsServer(
            app,
            certificate,
            new Uri($"https://127.0.0.1:{ports.Single(u => u.Scheme == Uri.UriSchemeHttps).Port}/{AccountName}"),
            new Uri($"http://127.0.0.1:{ports.Single(u => u.Scheme == Uri.UriSchemeHttp).Port}{TokenPath}"));
        return server;
    }

    /// <summary>Makes <paramref name="options"/> trust exactly this server's certificate, without retries.</summary>
    public void Trust(BlobClientOptions options)
    {
        options.Transport = new HttpClientTransport(LoopbackCertificate.TrustingHandler(certificate));
        options.Retry.MaxRetries = 0;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
