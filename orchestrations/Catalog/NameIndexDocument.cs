namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Claims an instance name within a project (<c>projects/{projectId}/instance-names/{hash}</c>): created only
/// if absent, so two concurrent creates with one name cannot both win.
/// </summary>
/// <param name="InstanceId">The instance holding the name.</param>
/// <param name="Claimed">When it was claimed; a claim whose instance never appeared is reclaimable after a while.</param>
internal sealed record NameIndexDocument(string InstanceId, DateTimeOffset Claimed);
