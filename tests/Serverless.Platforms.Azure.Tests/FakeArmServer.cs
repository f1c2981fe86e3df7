using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Azure Resource Manager as far as the Flexible Server client sees it: an https server on 127.0.0.1 (a self-signed
/// certificate, because the SDK sends bearer tokens over https only) that records every request and answers from a
/// script. A script entry is a method and a path with a list of answers given one after the other; the last one
/// repeats. Requests nobody scripted get ARM's 404 <c>ResourceNotFound</c>.
/// </summary>
internal sealed class FakeArmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, ScriptedAnswers> _script = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<ArmRequest> _requests = new();

    private FakeArmServer(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    /// <summary>The endpoint, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ArmRequest> Requests => [.. _requests];

    public static async Task<FakeArmServer> StartAsync()
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new FakeArmServer(app, certificate);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        server.Endpoint = new Uri($"https://127.0.0.1:{new Uri(app.Urls.Single()).Port}/");
        return server;
    }

    /// <summary>A transport that trusts exactly this server's certificate, with a fresh connection pool.</summary>
    public HttpPipelineTransport CreateTransport() => new HttpClientTransport(LoopbackCertificate.TrustingHandler(_certificate));

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (no query) with <paramref name="answers"/>, one per request; the last repeats.</summary>
    public void On(string method, string path, params ArmAnswer[] answers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(answers.Length);
        _script[Key(method, path)] = new ScriptedAnswers(answers);
    }

    /// <summary>The requests sent with <paramref name="method"/> to <paramref name="path"/>.</summary>
    public IReadOnlyList<ArmRequest> RequestsTo(string method, string path) =>
        Requests.Where(request => request.Method == method && string.Equals(request.Path, path, StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private static string Key(string method, string path) => $"{method} {path}";

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var recorded = new ArmRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            request.Headers.Authorization.ToString(),
            body);
        _requests.Enqueue(recorded);

        var answer = _script.TryGetValue(Key(recorded.Method, recorded.Path), out var answers)
            ? answers.Next()
            : ArmAnswer.Error(404, "ResourceNotFound", $"The Resource '{recorded.Path}' was not found.");
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value.Replace("{endpoint}", Endpoint.ToString().TrimEnd('/'), StringComparison.Ordinal);
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
    }

    private sealed class ScriptedAnswers(ArmAnswer[] answers)
    {
        private int _next;

        public ArmAnswer Next()
        {
            var index = Interlocked.Increment(ref _next) - 1;
            return answers[Math.Min(index, answers.Length - 1)];
        }
    }
}
