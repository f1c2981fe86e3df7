using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>
/// Where a running local service can be reached, written to <c>{state}/local-host.json</c> for scripts and tests.
/// It names the files holding the token and password and never holds a secret itself.
/// </summary>
internal sealed record LocalHostInfo(
    int ProcessId,
    string Project,
    string Endpoint,
    string TokenFile,
    string IdentityUrl,
    string IdentityUser,
    string IdentityPasswordFile,
    string AzuriteBlobEndpoint)
{
    public const string FileName = "local-host.json";

    public async Task WriteAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("pid", ProcessId);
            writer.WriteString("project", Project);
            writer.WriteString("endpoint", Endpoint);
            writer.WriteString("token_file", TokenFile);
            writer.WriteString("identity_url", IdentityUrl);
            writer.WriteString("identity_user", IdentityUser);
            writer.WriteString("identity_password_file", IdentityPasswordFile);
            writer.WriteString("azurite_blob_endpoint", AzuriteBlobEndpoint);
            writer.WriteEndObject();
        }

        // Written aside and renamed, so a reader never sees half a file.
        var path = Path.Combine(stateDirectory, FileName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllBytesAsync(temporary, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));
}
