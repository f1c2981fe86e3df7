using System.Globalization;
using Serverless.Platforms.Local;

// Starts a guarded MariaDB server, reports "<mariadbd pid> <state directory>" on one line and
// then waits forever: the tests kill this process and watch what happens to the server.
// An optional argument is the state directory (default: a fresh one under the shared root).
var options = new MariaDbServerOptions { Name = "guarded-owner", StateDirectory = args.Length > 0 ? args[0] : null };
var server = await MariaDbServer.StartAsync(options, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{server.ProcessId} {server.StateDirectory}"));
await Task.Delay(Timeout.Infinite);
