namespace Serverless.Platforms.Azure;

/// <summary>Private access for a new Flexible Server: it joins a delegated subnet and registers in a private DNS zone.</summary>
/// <param name="DelegatedSubnetId">ARM id of a subnet delegated to <c>Microsoft.DBforMySQL/flexibleServers</c>.</param>
/// <param name="PrivateDnsZoneId">ARM id of a private DNS zone whose name ends in <c>mysql.database.azure.com</c>.</param>
public sealed record FlexibleServerNetwork(string DelegatedSubnetId, string PrivateDnsZoneId);
