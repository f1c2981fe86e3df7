using System.Text;

namespace Serverless.Orchestrations.Users;

/// <summary>
/// The root account that <c>root enable</c> created or reset. The password is shown to the caller once, in the
/// answer, and kept nowhere else (as in Trove); <see cref="object.ToString"/> leaves it out.
/// </summary>
/// <param name="Name">The account, <c>root</c>.</param>
/// <param name="Password">The password now set.</param>
public sealed record RootCredentials(string Name, string Password)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Password = ***");
        return true;
    }
}
