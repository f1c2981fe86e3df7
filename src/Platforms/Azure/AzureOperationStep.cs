namespace Serverless.Platforms.Azure;

/// <summary>One ARM operation (or local action) of a platform operation on Azure; a platform operation is a list of them.</summary>
internal enum AzureOperationStep
{
    CreateServer,
    AllowAzureServices,
    SetParameters,
    CreateReplica,
    StopReplication,
    Start,
    Stop,
    Restart,
    Scale,
    DeleteServer,
    DeleteAdminSecret,
    SetFirewallRule,
    DeleteFirewallRule,
}
