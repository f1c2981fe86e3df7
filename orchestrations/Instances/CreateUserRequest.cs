using Serverless.Orchestrations.Catalog;
using System.Text;

namespace Serverless.Orchestrations.Instances;

/// <summary>A user to create: with a new instance, or on a running one.</summary>
/// <param name="Name">The user name: letters, digits and <c>_</c>, at most 32 characters.</param>
/// <param name="Password">The password; never shown by <see cref="object.ToString"/>, never stored in the catalog.</param>
/// <param name="Host">The host part of the account; <c>%</c> (any host) when empty.</param>
/// <param name="Databases">Databases on which the user gets all privileges: of the create request, or existing ones on a running instance.</param>
public sealed record CreateUserRequest(string Name, string Password, string Host, IReadOnlyList<string> Databases)
{
    // Records print every member; the password must not reach logs or error messages that way.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Password = ***, Host = {Host}, Databases = [{string.Join(", ", Databases ?? [])}]");
        return true;
    }
}
