using System.Text;
using System.Text.Json.Nodes;
using Serverless.Api;

namespace Serverless.Testing.Hostile;

/// <summary>
/// Request bodies for the routes that read one: a well-formed template per route (docs/trove-api.md), and the ways to
/// spoil it. Every body this class hands out is invalid: a template always has at least one field of the wrong type or
/// value, and may be broken further on top (syntax, escapes, bytes, depth, size).
/// </summary>
public static class HostileBodies
{
    // Marks a value that JsonNode cannot hold (1e309, NaN); the text replaces the quoted marker after serialisation.
    private const string RawMarker = "@@raw:";

    private static readonly Dictionary<string, string[]> Templates = new(StringComparer.Ordinal)
    {
        [TroveRouteNames.CreateInstance] =
        [
            """{"instance": {"name": "hostile-new", "flavorRef": "1", "volume": {"size": 1}, "datastore": {"type": "mysql", "version": "10.11"}, "databases": [{"name": "db1"}], "users": [{"name": "u1", "password": "Hostile-Pass-1", "databases": [{"name": "db1"}]}], "access": {"is_public": false, "allowed_cidrs": ["10.0.0.0/8"]}}}""",
            """{"instance": {"name": "hostile-restore", "flavorRef": 1, "volume": {"size": 1}, "restorePoint": {"backupRef": "{backup_id}", "restore_time": "2020-01-01T00:00:00"}}}""",
            """{"instance": {"name": "hostile-replica", "replica_of": "{instance_id}", "replica_count": 1}}""",
        ],
        [TroveRouteNames.InstanceAction] =
        [
            """{"resize": {"flavorRef": "2"}}""",
            """{"resize": {"volume": {"size": 2}}}""",
        ],
        [TroveRouteNames.UpdateInstance] = ["""{"instance": {"configuration": "{configuration_id}"}}"""],
        [TroveRouteNames.PatchInstance] =
        [
            """{"instance": {"name": "hostile-renamed"}}""",
            """{"instance": {"access": {"is_public": true, "allowed_cidrs": ["10.0.0.0/8"]}}}""",
        ],
        [TroveRouteNames.CreateBackup] = ["""{"backup": {"name": "hostile-backup", "instance": "{instance_id}", "description": "d", "incremental": false, "parent_id": "{backup_id}"}}"""],
        [TroveRouteNames.CreateSchedule] = ["""{"schedule": {"name": "hostile-schedule", "pattern": "0 3 * * *", "description": "d", "incremental": false, "keep_count": 3, "keep_days": 7}}"""],
        [TroveRouteNames.CreateConfiguration] = ["""{"configuration": {"name": "hostile-config", "description": "d", "values": {"max_connections": 100}, "datastore": {"type": "mysql", "version": "10.11"}}}"""],
        [TroveRouteNames.ReplaceConfiguration] = ["""{"configuration": {"name": "hostile-config-2", "description": "d", "values": {"max_connections": 120}}}"""],
        [TroveRouteNames.PatchConfiguration] = ["""{"configuration": {"values": {"max_connections": 130}}}"""],
        [TroveRouteNames.CreateUsers] = ["""{"users": [{"name": "hostile_u2", "password": "Hostile-Pass-2", "host": "%", "databases": [{"name": "{database}"}]}]}"""],
        [TroveRouteNames.UpdateUser] = ["""{"user": {"name": "hostile_u3", "password": "Hostile-Pass-3", "host": "%"}}"""],
        [TroveRouteNames.GrantUserAccess] = ["""{"databases": [{"name": "{database}"}]}"""],
        [TroveRouteNames.CreateDatabases] = ["""{"databases": [{"name": "hostile_db2", "character_set": "utf8mb4", "collate": "utf8mb4_general_ci"}]}"""],
        [TroveRouteNames.EnableRoot] = ["""{"password": "Hostile-Root-1"}"""],
    };

    private static readonly string[] Generic = ["""{"instance": {"name": "x"}}""", """{"backup": {"name": "x"}}""", """{"a": [1, {"b": "c"}]}"""];

    // Values of the wrong type or out of range for a field that held a string, a number, a boolean, an object or an array.
    private static readonly string[] NotAString = ["0", "-1", "2147483648", "9223372036854775808", RawMarker + "1e309", "true", "[]", "{}", """["x"]""", """{"a": 1}"""];
    private static readonly string[] NotANumber =
    [
        "\"NaN\"", "\"Infinity\"", "\"-1\"", "\"abc\"", "\"\"", "\"1e309\"", "\"2147483648\"", "-1", "2147483648", "-2147483649", "9223372036854775808",
        "-9223372036854775809", RawMarker + "1e309", RawMarker + "-1e309", RawMarker + "NaN", "1.5", "true", "[]", "{}",
    ];

    // Not 0 or 1: backup create takes those for a boolean, as the clients send int(incremental).
    private static readonly string[] NotABoolean = ["\"true\"", "2", "-1", "[]", "{}", "\"yes\"", RawMarker + "1e309"];
    private static readonly string[] NotAnObject = ["\"x\"", "1", "[]", "true", "[{}]", RawMarker + "NaN"];
    private static readonly string[] NotAnArray = ["\"x\"", "1", "{}", "true", "[1, 2]", "[[]]", "[\"a\"]"];

    private static readonly string[] BadEscapes = [@"\q", @"\u12", @"\x41", @"\uD800", @"\uDC00", @"\uD800\u0041", @"\uDBFF\uDBFF", @"\", @"\u0000", @"\U0041", @"\'"];
    private static readonly byte[][] BadUtf8 = [[0xC3, 0x28], [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF]];

    /// <summary>The well-formed bodies of <paramref name="route"/> with the given ids filled in; none when the route reads no body.</summary>
    public static IReadOnlyList<string> ValidBodies(string route, IReadOnlyDictionary<string, string> ids) =>
        Templates.TryGetValue(route, out var own) ? [.. own.Select(text => Fill(text, ids))] : [];

    /// <summary>Gets a value indicating whether the route reads a body.</summary>
    public static bool HasTemplate(string route) => Templates.ContainsKey(route);

    /// <summary>An invalid body for <paramref name="route"/>, and what is wrong with it.</summary>
    public static (byte[] Body, string Kind) Next(Random random, string route, IReadOnlyDictionary<string, string> ids)
    {
        var templates = Templates.TryGetValue(route, out var own) ? own : Generic;
        var text = Fill(templates[random.Next(templates.Length)], ids);
        var (mutated, mutation) = Mutate(random, JsonNode.Parse(text)!);
        return random.Next(3) switch
        {
            0 => (Encoding.UTF8.GetBytes(mutated), mutation),
            _ => Spoil(random, mutated, mutation),
        };
    }

    /// <summary>A body that is not a JSON object at all, or not JSON.</summary>
    public static (byte[] Body, string Kind) NotAnObjectBody(Random random) => random.Next(9) switch
    {
        0 => ("null"u8.ToArray(), "root null"),
        1 => ("[]"u8.ToArray(), "root array"),
        2 => ("0"u8.ToArray(), "root number"),
        3 => ("\"s\""u8.ToArray(), "root string"),
        4 => ("1e309"u8.ToArray(), "root 1e309"),
        5 => ("   "u8.ToArray(), "blank body"),
        6 => ("<instance name=\"x\"/>"u8.ToArray(), "xml body"),
        7 => ("name=x&flavorRef=1"u8.ToArray(), "form body"),
        _ => (Random(random, 1 + random.Next(512)), "random bytes"),
    };

    private static string Fill(string template, IReadOnlyDictionary<string, string> ids)
    {
        foreach (var (name, value) in ids)
        {
            template = template.Replace($"{{{name}}}", value, StringComparison.Ordinal);
        }

        return template;
    }

    private static (string Text, string Kind) Mutate(Random random, JsonNode root)
    {
        var slots = new List<(JsonNode Parent, object Key, JsonNode? Value)>();
        Collect(root, slots);
        var objects = slots.Where(slot => slot.Value is JsonObject).Select(slot => (JsonObject)slot.Value!).Prepend(root as JsonObject).OfType<JsonObject>().ToList();
        if (random.Next(6) == 0 && objects.Count > 0)
        {
            var target = objects[random.Next(objects.Count)];
            target["zz_unknown_field"] = JsonValue.Create(1);
            return (root.ToJsonString(), "unknown field");
        }

        var (parent, key, value) = slots[random.Next(slots.Count)];
        var pool = value switch
        {
            JsonObject => NotAnObject,
            JsonArray => NotAnArray,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => NotAString,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => NotANumber,
            _ => NotABoolean,
        };
        var replacement = pool[random.Next(pool.Length)];
        var node = replacement.StartsWith(RawMarker, StringComparison.Ordinal) ? JsonValue.Create(replacement) : JsonNode.Parse(replacement);
        switch (parent)
        {
            case JsonObject obj:
                obj[(string)key] = node;
                break;
            case JsonArray array:
                array[(int)key] = node;
                break;
        }

        var text = root.ToJsonString();
        var kind = $"wrong value {Describe(replacement)} at {Path(parent, key)}";
        var marker = text.IndexOf($"\"{RawMarker}", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var end = text.IndexOf('"', marker + 1);
            text = string.Concat(text.AsSpan(0, marker), text.AsSpan(marker + 1 + RawMarker.Length, end - marker - 1 - RawMarker.Length), text.AsSpan(end + 1));
        }

        return (text, kind);
    }

    private static (byte[] Body, string Kind) Spoil(Random random, string text, string mutation)
    {
        // Serialised compactly, so the first string value starts right after the first ":".
        var firstString = text.IndexOf("\":\"", StringComparison.Ordinal) is var at and >= 0 ? at + 3 : -1;
        switch (random.Next(14))
        {
            case 0:
                return (Encoding.UTF8.GetBytes(text[..random.Next(1, text.Length)]), "truncated JSON");
            case 1:
                return (Encoding.UTF8.GetBytes(text + (random.Next(2) == 0 ? "}" : " trailing")), "trailing garbage");
            case 2:
                return (Encoding.UTF8.GetBytes(text.Replace('"', '\'')), "single quotes");
            case 3:
                return (Encoding.UTF8.GetBytes(text.Insert(text.Length - 1, ",")), "trailing comma");
            case 4:
                return (Encoding.UTF8.GetBytes("/* c */" + text), "comment");
            case 5:
                {
                    var depth = random.Next(4) == 0 ? 17 + random.Next(10) : 10_000;
                    var nested = random.Next(2) == 0
                        ? new string('[', depth) + new string(']', depth)
                        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                    return (Encoding.UTF8.GetBytes(random.Next(2) == 0 ? nested : text.Insert(text.Length - 1, $", \"deep\": {nested}")), $"nesting depth {depth}");
                }

            case 6 when firstString > 0:
                {
                    var escape = BadEscapes[random.Next(BadEscapes.Length)];
                    return (Encoding.UTF8.GetBytes(text.Insert(firstString, escape)), $"string escape {escape}");
                }

            case 7 when firstString > 0:
                {
                    var bytes = BadUtf8[random.Next(BadUtf8.Length)];
                    var before = Encoding.UTF8.GetBytes(text[..firstString]);
                    var after = Encoding.UTF8.GetBytes(text[firstString..]);
                    return ([.. before, .. bytes, .. after], $"invalid UTF-8 {Convert.ToHexString(bytes)}");
                }

            case 8:
                {
                    var size = random.Next(2) == 0 ? 64 * 1024 + 1 + random.Next(1024) : 256 * 1024 + random.Next(1024 * 1024);
                    return (Encoding.UTF8.GetBytes($"{{\"pad\": \"{new string('A', size)}\", \"body\": {text}}}"), $"body of {size / 1024} KiB");
                }

            case 9 when firstString > 0:
                {
                    var size = 1000 + random.Next(40_000);
                    return (Encoding.UTF8.GetBytes(text.Insert(firstString, new string('n', size))), $"string of {size} chars");
                }

            case 10:
                return ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)], "byte order mark");
            case 11:
                return (Encoding.Unicode.GetBytes(text), "UTF-16 body");
            case 12:
                {
                    // A second copy of the envelope's property, which a lenient reader would silently take the last of.
                    var name = text[2..text.IndexOf('"', 2)];
                    return (Encoding.UTF8.GetBytes($"{{\"{name}\": 1, {text[1..]}"), "duplicate property");
                }

            default:
                return (Encoding.UTF8.GetBytes(text), mutation);
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key, JsonNode? Value)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    slots.Add((obj, name, value));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, i, array[i]));
                    if (array[i] is { } item)
                    {
                        Collect(item, slots);
                    }
                }

                break;
        }
    }

    private static string Path(JsonNode parent, object key) => parent.GetPath() + (key is int index ? $"[{index}]" : $".{key}");

    private static string Describe(string replacement) => replacement.StartsWith(RawMarker, StringComparison.Ordinal) ? replacement[RawMarker.Length..] : replacement;

    private static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
