using System.Text.Json.Serialization;

namespace Serverless.Cli.Client;

/// <summary>The root account root-enable set up, with its password: shown once, kept by the service nowhere.</summary>
internal sealed record RootResource(string Name, string Password)
{
    public override string ToString() => Name;
}

internal sealed record RootEnvelope(RootResource User);

/// <summary>Whether root is enabled: <c>{"rootEnabled": true}</c>, camelCase on the wire as in Trove.</summary>
internal sealed record RootStatus([property: JsonPropertyName("rootEnabled")] bool RootEnabled);
