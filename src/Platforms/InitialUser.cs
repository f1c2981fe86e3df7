using System.Text;

namespace Serverless.Platforms;

/// <summary>A user created by <see cref="IDatabasePlatform.ConfigureInitialAsync"/>.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Password">The password; never shown by <see cref="object.ToString"/>.</param>
/// <param name="Host">The host part of the account (<c>%</c> for any host).</param>
/// <param name="Databases">Databases on which the user gets all privileges.</param>
public sealed record InitialUser(string Name, string Password, string Host, IReadOnlyList<string> Databases)
{
    // Records print every member; the password must not reach logs or error messages that way.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Password = ***, Host = {Host}, Databases = [{string.Join(", ", Databases)}]");
        return true;
    }
}
