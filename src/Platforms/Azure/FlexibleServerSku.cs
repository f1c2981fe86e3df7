namespace Serverless.Platforms.Azure;

/// <summary>The compute size of a Flexible Server.</summary>
/// <param name="Name">The VM size, e.g. <c>Standard_B1ms</c>, <c>Standard_D2ads_v5</c>, <c>Standard_E4ads_v5</c>.</param>
/// <param name="Tier">The tier the size belongs to.</param>
public sealed record FlexibleServerSku(string Name, FlexibleServerTier Tier);
