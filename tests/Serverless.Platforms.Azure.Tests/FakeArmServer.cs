using System.Collections.Concurrent;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Azure Resource Manager as far as the Flexible Server client sees it: an https server on 127.0.0.1
/// (<see cref="LoopbackHttpsServer"/>) that records every request and answers from a
/// script. A script entry is a method and a path with a list of answers given one after the other; the last one
/// repeats. Requests nobody scripted get ARM's 404 <c>ResourceNotFound</c>.
/// </summary>
internal sealed class FakeArmServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ScriptedAnswers> _script = new(StringComparer.OrdinalIgnoreCase);
    private LoopbackHttpsServer _server = null!;

    private FakeArmServer()
    {
    }

    /// <summary>The endpoint, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint => _server.Endpoint;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ArmRequest> Requests => _server.Requests;

    public static async Task<FakeArmServer> StartAsync()
    {
        var arm = new FakeArmServer();
        arm._server = await LoopbackHttpsServer.StartAsync(arm.AnswerAsync);
        return arm;
    }

    /// <summary>A transport that trusts exactly this server's certificate, with a fresh connection pool.</summary>
    public HttpPipelineTransport CreateTransport() => _server.CreateTransport();

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (no query) with <paramref name="answers"/>, one per request; the last repeats.</summary>
    public void On(string method, string path, params ArmAnswer[] answers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(answers.Length);
        _script[Key(method, path)] = new ScriptedAnswers(answers);
    }

    /// <summary>The requests sent with <paramref name="method"/> to <paramref name="path"/>.</summary>
    public IReadOnlyList<ArmRequest> RequestsTo(string method, string path) =>
        Requests.Where(request => request.Method == method && string.Equals(request.Path, path, StringComparison.OrdinalIgnoreCase)).ToList();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Key(string method, string path) => $"{method} {path}";

    private async Task AnswerAsync(ArmRequest recorded, HttpContext context)
    {
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
