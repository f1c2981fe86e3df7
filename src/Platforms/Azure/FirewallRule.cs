namespace Serverless.Platforms.Azure;

/// <summary>A server firewall rule: the IPv4 range (both ends included) it admits.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="StartIpAddress">The first address of the range.</param>
/// <param name="EndIpAddress">The last address of the range.</param>
public sealed record FirewallRule(string Name, string StartIpAddress, string EndIpAddress);
