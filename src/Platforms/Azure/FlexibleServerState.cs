namespace Serverless.Platforms.Azure;

/// <summary>A Flexible Server's <c>properties.state</c>. ARM's list is open: values it adds later read as <see cref="Unknown"/>, which callers treat as busy.</summary>
public enum FlexibleServerState
{
    /// <summary>A state this code does not know; see <see cref="FlexibleServer.StateText"/>.</summary>
    Unknown,

    /// <summary>Running and accepting connections.</summary>
    Ready,

    /// <summary>Being started.</summary>
    Starting,

    /// <summary>Being stopped.</summary>
    Stopping,

    /// <summary>Stopped on request (Azure starts it again by itself after 30 days).</summary>
    Stopped,

    /// <summary>Being changed (scaling, parameters, replication role).</summary>
    Updating,

    /// <summary>Being deleted.</summary>
    Dropping,

    /// <summary>Disabled by Azure, e.g. for a subscription problem.</summary>
    Disabled,
}
