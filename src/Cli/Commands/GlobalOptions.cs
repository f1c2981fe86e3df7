using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary>The options every command accepts: where the API is, the token, and <c>--json</c>.</summary>
internal sealed class GlobalOptions
{
    public const string EndpointVariable = "DBAAS_ENDPOINT";
    public const string TokenVariable = "DBAAS_TOKEN";

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = $"The project's API endpoint, e.g. http://127.0.0.1:7071/v1.0/local (default: ${EndpointVariable}).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The project token sent as X-Auth-Token (default: ${TokenVariable}). Never printed.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the resource or list as JSON instead of a table.",
        Recursive = true,
    };
}
