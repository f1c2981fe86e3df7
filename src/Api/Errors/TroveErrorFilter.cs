using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Users;

namespace Serverless.Api.Errors;

/// <summary>
/// The one place where exceptions become HTTP answers: known failures get their Trove fault and message,
/// anything else a 500 that names only the request, never internals.
/// </summary>
internal sealed partial class TroveErrorFilter(ILogger<TroveErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (Map(exception) is { } known)
        {
            return TroveFault.Result(known.Status, known.Message);
        }
        catch (Exception exception)
        {
            var request = context.HttpContext.TraceIdentifier;
            LogUnexpected(logger, exception, context.HttpContext.Request.Method, context.HttpContext.Request.Path, request);
            return TroveFault.Result(StatusCodes.Status500InternalServerError, $"The service failed to complete the request; report request id {request} to the operator.");
        }
    }

    private static (int Status, string Message)? Map(Exception exception) => exception switch
    {
        TroveRequestException e => (e.Status, e.Message),
        CatalogNotFoundException e => (StatusCodes.Status404NotFound, e.Message),
        CatalogValidationException e => (StatusCodes.Status400BadRequest, e.Message),
        CatalogConflictException e => (StatusCodes.Status409Conflict, e.Message),
        InstanceBusyException e => (StatusCodes.Status422UnprocessableEntity, e.Message),
        AccountNotFoundException e => (StatusCodes.Status404NotFound, e.Message),
        InstanceReadOnlyException e => (StatusCodes.Status409Conflict, e.Message),
        BadHttpRequestException e when e.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            (StatusCodes.Status413PayloadTooLarge, "The request body is too large."),
        BadHttpRequestException e => (StatusCodes.Status400BadRequest, e.Message),
        _ => null,
    };

    // The exception is logged, never the body: create requests carry user passwords.
    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly (request {RequestId}).")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, PathString path, string requestId);
}
