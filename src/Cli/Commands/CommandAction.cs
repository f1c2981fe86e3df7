using System.CommandLine;
using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// Runs a command's body and turns every way it can end into an exit code (see <see cref="ExitCodes"/>) and, on
/// failure, one line <c>dbaas: &lt;message&gt;</c> on stderr. No stack trace ever reaches the user.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, GlobalOptions globals, CliSettings settings, Func<ParseResult, CommandContext, CancellationToken, Task> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var context = CommandContext.Create(parse, globals, settings);
                using (context.Client)
                {
                    await body(parse, context, cancellationToken);
                }

                return ExitCodes.Success;
            }
            catch (Exception e)
            {
                var (code, message) = Describe(e, cancellationToken);
                await settings.Console.Error.WriteLineAsync($"dbaas: {message}");
                return code;
            }
        });

    private static (int Code, string Message) Describe(Exception e, CancellationToken cancellationToken) => e switch
    {
        CliUsageException => (ExitCodes.Usage, e.Message),
        DbaasApiException api => (ExitCodes.FromHttpStatus(api.Status), e.Message),
        EndpointUnreachableException => (ExitCodes.CannotConnect, e.Message),
        OperationFailedException => (ExitCodes.Failed, e.Message),
        OperationCanceledException when cancellationToken.IsCancellationRequested =>
            (ExitCodes.Cancelled, "cancelled; an operation already started keeps running on the service."),
        _ => (ExitCodes.Failed, $"unexpected error: {e.Message}"),
    };
}
