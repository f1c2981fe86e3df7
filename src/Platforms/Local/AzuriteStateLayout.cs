namespace Serverless.Platforms.Local;

/// <summary>Where each file of one Azurite lives inside its state directory.</summary>
internal sealed record AzuriteStateLayout(string StateDirectory)
{
    /// <summary>Azurite's <c>--location</c>: the metadata databases and blob extents.</summary>
    public string DataDirectory => Path.Combine(StateDirectory, "data");

    /// <summary>Azurite's stdout and stderr.</summary>
    public string Log => Path.Combine(StateDirectory, "azurite.log");

    /// <summary>Azurite's <c>--debug</c> log, when enabled.</summary>
    public string DebugLog => Path.Combine(StateDirectory, "debug.log");

    /// <summary>Deletes the state directory; a missing one is fine.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
