using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>What a command's action works with: the client for the configured endpoint, the console, and <c>--json</c>.</summary>
internal sealed class CommandContext(DbaasClient client, CliConsole console, bool json, TimeSpan pollInterval)
{
    public DbaasClient Client { get; } = client;

    public CliConsole Console { get; } = console;

    public bool Json { get; } = json;

    public OperationWaiter Waiter { get; } = new(client, console, pollInterval);

    /// <summary>Writes a resource or list: as JSON under <c>--json</c>, otherwise with <paramref name="table"/>.</summary>
    public void Show<T>(T value, JsonTypeInfo<T> json, Action<CliConsole, T> table)
    {
        if (Json)
        {
            ResourceViews.Json(Console, value, json);
        }
        else
        {
            table(Console, value);
        }
    }

    /// <summary>Says what a change did, for a change that answers with no resource; nothing under <c>--json</c>.</summary>
    public Task SayAsync(string sentence) => Json ? Task.CompletedTask : Console.Out.WriteLineAsync(sentence);

    /// <summary>Writes one instance: its fields as a table, or its object under <c>--json</c>.</summary>
    public void ShowInstance(InstanceResource instance) => Show(instance, CliJsonContext.Default.InstanceResource, ResourceViews.Instance);

    /// <summary>Writes one backup: its fields as a table, or its object under <c>--json</c>.</summary>
    public void ShowBackup(BackupResource backup) => Show(backup, CliJsonContext.Default.BackupResource, ResourceViews.Backup);

    /// <summary>Reads the global options, falling back to the environment, and checks the endpoint.</summary>
    public static CommandContext Create(ParseResult parse, GlobalOptions globals, CliSettings settings)
    {
        var endpointText = parse.GetValue(globals.Endpoint) ?? settings.Environment(GlobalOptions.EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpointText))
        {
            throw new CliUsageException($"no endpoint: pass --endpoint or set {GlobalOptions.EndpointVariable} (e.g. http://127.0.0.1:7071/v1.0/local).");
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"the endpoint must be an absolute http:// or https:// URL such as http://127.0.0.1:7071/v1.0/local.");
        }

        var token = parse.GetValue(globals.Token) ?? settings.Environment(GlobalOptions.TokenVariable);
        var client = new DbaasClient(endpoint, token, settings.RequestTimeout);
        return new CommandContext(client, settings.Console, parse.GetValue(globals.Json), settings.PollInterval);
    }
}
