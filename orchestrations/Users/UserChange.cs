using System.Text;

namespace Serverless.Orchestrations.Users;

/// <summary>Changes to an existing user (Trove's <c>user update attributes</c>); null members stay as they are.</summary>
/// <param name="NewName">The new user name.</param>
/// <param name="NewHost">The new host part.</param>
/// <param name="NewPassword">The new password; never stored, never shown by <see cref="object.ToString"/>.</param>
public sealed record UserChange(string? NewName, string? NewHost, string? NewPassword)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NewName = {NewName}, NewHost = {NewHost}, NewPassword = {(NewPassword is null ? "(unchanged)" : "***")}");
        return true;
    }
}
