namespace Serverless.Storage.Blobs;

/// <summary>
/// A parsed Azure Storage connection string: the account name, its shared key and the Blob
/// endpoint. <see cref="ToString"/> never prints the key.
/// </summary>
/// <remarks>
/// Supported settings (names are case-insensitive): <c>DefaultEndpointsProtocol</c>,
/// <c>AccountName</c>, <c>AccountKey</c>, <c>BlobEndpoint</c>, <c>EndpointSuffix</c>, and
/// <c>UseDevelopmentStorage=true</c> for the emulator's well-known account
/// (<c>devstoreaccount1</c> at <c>http://127.0.0.1:10000/devstoreaccount1</c>). Endpoints of
/// other services (<c>QueueEndpoint</c>, <c>TableEndpoint</c>, <c>FileEndpoint</c>) are ignored.
/// Shared access signatures are not supported: use a key or a <c>TokenCredential</c>.
/// </remarks>
public sealed class StorageConnectionString
{
    /// <summary>The account name of the storage emulator (Azurite).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The storage emulator's well-known, publicly documented account key; worthless outside the emulator.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string DefaultEndpointSuffix = "core.windows.net";

    private static readonly HashSet<string> BlobSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "BlobEndpoint", "EndpointSuffix",
    };

    private static readonly HashSet<string> IgnoredSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "QueueEndpoint", "TableEndpoint", "FileEndpoint",
    };

    private StorageConnectionString(string accountName, byte[] accountKey, Uri blobEndpoint)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
    }

    /// <summary>The storage emulator's default Blob endpoint.</summary>
    public static Uri DevelopmentBlobEndpoint { get; } = new("http://127.0.0.1:10000/devstoreaccount1");

    /// <summary>The storage account name.</summary>
    public string AccountName { get; }

    /// <summary>The Blob service endpoint, without a trailing slash.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The decoded account key; kept internal so that it cannot end up in logs by accident.</summary>
    internal byte[] AccountKey { get; }

    /// <summary>Parses a connection string.</summary>
    /// <param name="connectionString">Settings separated by <c>;</c>, each <c>Name=Value</c>.</param>
    /// <returns>The parsed connection string.</returns>
    /// <exception cref="FormatException">
    /// A setting is malformed, repeated, unknown or missing. The message names the setting but
    /// never repeats the connection string, which holds the key.
    /// </exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException("The storage connection string has a part without 'Name=Value' form. Separate settings with ';'.");
            }

            var name = part[..equals].Trim();
            if (!settings.TryAdd(name, part[(equals + 1)..].Trim()))
            {
                throw new FormatException($"The storage connection string sets '{name}' more than once.");
            }
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("UseDevelopmentStorage in the storage connection string must be 'true' when present.");
            }

            if (settings.Count > 1)
            {
                throw new FormatException(
                    "UseDevelopmentStorage=true cannot be combined with other settings. For an emulator on another port, " +
                    $"give AccountName={DevelopmentAccountName}, AccountKey and BlobEndpoint instead.");
            }

            return new StorageConnectionString(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), DevelopmentBlobEndpoint);
        }

        foreach (var name in settings.Keys)
        {
            if (name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("Shared access signatures are not supported in storage connection strings; use AccountKey, or a TokenCredential with the endpoint.");
            }

            if (!IgnoredSettings.Contains(name) && !BlobSettings.Contains(name))
            {
                throw new FormatException($"The storage connection string has an unknown setting '{name}'.");
            }
        }

        var accountName = Required(settings, "AccountName");
        var key = Required(settings, "AccountKey");
        byte[] accountKey;
        try
        {
            accountKey = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new FormatException($"The AccountKey of storage account '{accountName}' is not valid base64. Copy the key again from the portal or 'az storage account keys list'.");
        }

        Uri blobEndpoint;
        if (settings.TryGetValue("BlobEndpoint", out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"The BlobEndpoint of storage account '{accountName}' must be an absolute http or https URI.");
            }

            blobEndpoint = WithoutTrailingSlash(parsed);
        }
        else
        {
            var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
            if (protocol is not ("http" or "https"))
            {
                throw new FormatException("DefaultEndpointsProtocol in the storage connection string must be 'http' or 'https'.");
            }

            var suffix = settings.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix);
            if (!Uri.TryCreate($"{protocol}://{accountName}.blob.{suffix}", UriKind.Absolute, out var built))
            {
                throw new FormatException($"AccountName '{accountName}' and EndpointSuffix '{suffix}' do not form a valid Blob endpoint.");
            }

            blobEndpoint = built;
        }

        return new StorageConnectionString(accountName, accountKey, blobEndpoint);
    }

    /// <summary>Describes the account and endpoint; the key is never included.</summary>
    public override string ToString() => $"AccountName={AccountName};BlobEndpoint={BlobEndpoint};AccountKey=(hidden)";

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no {name}. Give AccountName and AccountKey, or UseDevelopmentStorage=true.");

    private static Uri WithoutTrailingSlash(Uri uri) => new(uri.AbsoluteUri.TrimEnd('/'));
}
