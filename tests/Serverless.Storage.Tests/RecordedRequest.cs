namespace Serverless.Storage.Tests;

/// <summary>One request as <see cref="RecordingHttpsServer"/> saw it.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers);
