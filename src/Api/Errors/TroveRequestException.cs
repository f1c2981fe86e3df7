using Microsoft.AspNetCore.Http;

namespace Serverless.Api.Errors;

/// <summary>A request the API itself refuses (bad body, unsupported option), answered with Trove's error shape.</summary>
internal sealed class TroveRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static TroveRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static TroveRequestException NotImplemented(string message) => new(StatusCodes.Status501NotImplemented, message);
}
