using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Instances;

/// <summary>Checks a <see cref="CreateInstanceRequest"/> and resolves its flavor and datastore version.</summary>
internal static class CreateInstanceValidation
{
    public const int MinVolumeGigabytes = 1;
    public const int MaxVolumeGigabytes = 100;
    private const int MaxNameLength = 255;
    public static async Task<CreatePlan> ValidateAsync(CreateInstanceRequest request, CatalogQueries queries, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new CatalogValidationException("The request has no instance.");
        }

        ValidateName(request.Name);
        if (request.Access is { } access)
        {
            InstanceChangeService.ValidateCidrs(access.AllowedCidrs);
        }

        if (request.VolumeSizeGigabytes is < MinVolumeGigabytes or > MaxVolumeGigabytes)
        {
            throw new CatalogValidationException(
                $"Volume size {request.VolumeSizeGigabytes} GB is out of range: give a size from {MinVolumeGigabytes} to {MaxVolumeGigabytes} GB.");
        }

        var databases = ValidateDatabases(request.Databases ?? []);
        var users = ValidateUsers(request.Users ?? [], databases);

        if (string.IsNullOrWhiteSpace(request.FlavorRef))
        {
            throw new CatalogValidationException("The flavorRef is missing: give a flavor id such as '1'.");
        }

        var flavor = await queries.GetFlavorAsync(FlavorIdFromRef(request.FlavorRef), cancellationToken).ConfigureAwait(false);
        var datastore = await queries.GetDatastoreAsync(string.IsNullOrWhiteSpace(request.DatastoreType) ? "mysql" : request.DatastoreType, cancellationToken).ConfigureAwait(false);
        var version = await queries.GetDatastoreVersionAsync(
            datastore.Id, string.IsNullOrWhiteSpace(request.DatastoreVersion) ? datastore.DefaultVersionId : request.DatastoreVersion, cancellationToken).ConfigureAwait(false);
        if (!version.Active)
        {
            throw new CatalogValidationException($"Datastore version {version.Name} of {datastore.Name} is not active: choose an active version.");
        }

        return new CreatePlan(flavor, datastore, version, databases, users);
    }

    /// <summary>Trove clients may send the flavor as a link (<c>https://…/flavors/1</c>): the id is its last segment.</summary>
    private static string FlavorIdFromRef(string flavorRef)
    {
        var trimmed = flavorRef.Trim().TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    internal static void ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new CatalogValidationException($"The instance name must be 1-{MaxNameLength} characters and not blank.");
        }

        if (name.Any(char.IsControl))
        {
            throw new CatalogValidationException("The instance name must hold printable characters only (no control characters such as tabs or line breaks).");
        }
    }

    private static List<string> ValidateDatabases(IReadOnlyList<string> databases)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var database in databases)
        {
            AccountNames.ValidateDatabase(database);

            if (!seen.Add(database))
            {
                throw new CatalogValidationException($"Database '{database}' is listed twice: list each database once.");
            }
        }

        return [.. databases];
    }

    private static List<ValidUser> ValidateUsers(IReadOnlyList<CreateUserRequest> users, IReadOnlyList<string> databases)
    {
        var seen = new HashSet<(string, string)>();
        var result = new List<ValidUser>(users.Count);
        foreach (var user in users)
        {
            AccountNames.ValidateUser(user?.Name);
            var host = AccountNames.ValidateHost(user!.Host, user.Name);
            AccountNames.ValidatePassword(user.Password, user.Name);

            if (!seen.Add((user.Name, host)))
            {
                throw new CatalogValidationException($"User '{user.Name}'@'{host}' is listed twice: list each user once.");
            }

            var grants = user.Databases ?? [];
            foreach (var database in grants)
            {
                if (!databases.Contains(database, StringComparer.Ordinal))
                {
                    throw new CatalogValidationException(
                        $"User '{user.Name}' is granted database '{AccountNames.Printable(database)}', which the request does not create: add it to the databases.");
                }
            }

            result.Add(new ValidUser(user.Name, user.Password, host, [.. grants.Distinct(StringComparer.Ordinal)]));
        }

        return result;
    }

    /// <summary>A validated create request, with the catalog entries it names.</summary>
    internal sealed record CreatePlan(FlavorView Flavor, DatastoreView Datastore, DatastoreVersionView Version, IReadOnlyList<string> Databases, IReadOnlyList<ValidUser> Users);

    /// <summary>A validated user; the password is on its way to the secret store.</summary>
    internal sealed record ValidUser(string Name, string Password, string Host, IReadOnlyList<string> Databases)
    {
        private bool PrintMembers(System.Text.StringBuilder builder)
        {
            builder.Append($"Name = {Name}, Password = ***, Host = {Host}");
            return true;
        }
    }
}
