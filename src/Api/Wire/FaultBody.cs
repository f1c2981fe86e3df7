namespace Serverless.Api.Wire;

/// <summary>The inner object of a Trove error: <c>{"code": 404, "message": "…"}</c>.</summary>
internal sealed record FaultBody(int Code, string Message);
