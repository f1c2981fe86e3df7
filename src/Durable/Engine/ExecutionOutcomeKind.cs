namespace Serverless.Durable.Engine;

internal enum ExecutionOutcomeKind
{
    Running,
    Completed,
    Failed,
    ContinuedAsNew,
}
