namespace Serverless.Binlog.Protocol;

/// <summary>Names of the authentication plugins this client speaks, as they appear on the wire.</summary>
internal static class AuthenticationPluginNames
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";
}
