namespace Serverless.Cli;

/// <summary>The process exit codes of <c>dbaas</c>; scripts branch on them, so they never change meaning.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The operation failed, or the service answered with an error of its own (5xx, 501).</summary>
    public const int Failed = 1;

    /// <summary>The command line or the request was invalid (unknown option, missing argument, 400).</summary>
    public const int Usage = 2;

    /// <summary>The instance, backup, flavor or operation does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>The request conflicts with the current state: a taken name, a busy instance (409, 422).</summary>
    public const int Conflict = 4;

    /// <summary>The token is missing, wrong, or not allowed for the project (401, 403).</summary>
    public const int AuthFailure = 5;

    /// <summary>The endpoint could not be reached (refused, unresolvable, timed out).</summary>
    public const int CannotConnect = 6;

    /// <summary>The user interrupted the command (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Maps an HTTP status of the API to the exit code that describes it.</summary>
    public static int FromHttpStatus(int status) => status switch
    {
        400 => Usage,
        401 or 403 => AuthFailure,
        404 => NotFound,
        409 or 422 => Conflict,
        _ => Failed,
    };
}
