using Microsoft.AspNetCore.Http;
using Serverless.Api.Wire;

namespace Serverless.Api.Errors;

/// <summary>
/// Trove's error body: <c>{"&lt;fault&gt;": {"code": N, "message": "…"}}</c>, the fault named by the status
/// (trove-api.md §1, Errors). Clients read it only when the Content-Type is application/json.
/// </summary>
internal static class TroveFault
{
    public static string NameOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "badRequest",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "itemNotFound",
        StatusCodes.Status405MethodNotAllowed => "badMethod",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "overLimit",
        StatusCodes.Status415UnsupportedMediaType => "badMediaType",
        StatusCodes.Status422UnprocessableEntity => "unprocessableEntity",
        StatusCodes.Status501NotImplemented => "notImplemented",
        StatusCodes.Status503ServiceUnavailable => "serviceUnavailable",
        _ => "instanceFault",
    };

    public static IResult Result(int status, string message) =>
        TypedResults.Json(Body(status, message), TroveJsonContext.Default.DictionaryStringFaultBody, statusCode: status);

    private static Dictionary<string, FaultBody> Body(int status, string message) =>
        new(StringComparer.Ordinal) { [NameOf(status)] = new FaultBody(status, message) };
}
