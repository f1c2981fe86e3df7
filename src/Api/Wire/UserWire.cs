using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// A user of an instance (trove-clients.md §3.2). <c>databases</c> is always present, possibly empty: both clients
/// read it from every list item and crash without it.
/// </summary>
internal sealed record UserWire(string Name, string Host, IReadOnlyList<DatabaseNameWire> Databases);

/// <summary><c>{"name": …}</c>: a database as user and database lists show it.</summary>
internal sealed record DatabaseNameWire(string Name);

/// <summary><c>{"user": {…}}</c>.</summary>
internal sealed record UserEnvelope(UserWire User);

/// <summary><c>{"users": […], "links": […]}</c>; <c>links</c> only when a <c>limit</c> cut the list.</summary>
internal sealed record UserListEnvelope(IReadOnlyList<UserWire> Users, IReadOnlyList<Link>? Links);

/// <summary><c>{"databases": […], "links": […]}</c>; <c>links</c> only when a <c>limit</c> cut the list.</summary>
internal sealed record DatabaseListEnvelope(IReadOnlyList<DatabaseNameWire> Databases, IReadOnlyList<Link>? Links);

/// <summary>The answer to root enable, <c>{"user": {"name": "root", "password": …}}</c>: the only place the password appears.</summary>
internal sealed record RootEnvelope(RootUserWire User);

/// <summary>The root account and its password.</summary>
internal sealed record RootUserWire(string Name, string Password);

/// <summary>The answer to root show, <c>{"rootEnabled": true}</c> (camelCase, as Trove sends it).</summary>
internal sealed record RootEnabledEnvelope([property: JsonPropertyName("rootEnabled")] bool RootEnabled);
