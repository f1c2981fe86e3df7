namespace Serverless.Platforms.Azure;

/// <summary>The tags the Azure platform puts on the servers it creates: how it finds them and what it must remember about them.</summary>
public static class AzureServerTags
{
    /// <summary>The control plane's server id (the server name is derived from it and cannot be read back).</summary>
    public const string ServerId = "serverless-server-id";

    /// <summary>The secret id of the administrator password (a replica's is a copy of its source's password).</summary>
    public const string AdminSecretId = "serverless-admin-secret";
}
