using System.Text.Json.Serialization;

namespace Serverless.Storage.Tests.Documents;

/// <summary>A small document for the store tests.</summary>
internal sealed record CounterDocument(string Name, int Value);

/// <summary>Source-generated JSON for the test documents.</summary>
[JsonSerializable(typeof(CounterDocument))]
internal sealed partial class TestDocumentsJson : JsonSerializerContext;
