namespace Serverless.Platforms.Local;

/// <summary>
/// Ids the control plane hands to the local platform (server ids, secret ids) become file and
/// directory names; this keeps them to names that cannot leave their directory.
/// </summary>
internal static class LocalFileName
{
    /// <summary>Throws unless <paramref name="id"/> is letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, not starting with <c>.</c>, at most <paramref name="maxLength"/> characters.</summary>
    /// <exception cref="ArgumentException">The id is not usable as a file name.</exception>
    public static void Validate(string id, string parameterName, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(id, parameterName);
        if (id.Length == 0 || id.Length > maxLength || id[0] == '.' || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException(
                $"'{id}' is not a valid id: use 1 to {maxLength} letters, digits, '-', '_' or '.', not starting with '.'.",
                parameterName);
        }
    }
}
