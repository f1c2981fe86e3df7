using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Serverless.Storage.Blobs;

/// <summary>The XML bodies of the Blob REST API: List Blobs results, Put Block List requests, error documents.</summary>
internal static class BlobXml
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
    };

    /// <summary>Loads a document from the service; DTDs are refused.</summary>
    public static XDocument Load(Stream stream)
    {
        using var reader = XmlReader.Create(stream, ReaderSettings);
        return XDocument.Load(reader);
    }

    /// <summary>
    /// Parses a List Blobs result ("List Blobs" in the Blob REST API): <c>Blobs/Blob</c> entries
    /// with <c>Name</c>, <c>Properties</c> and <c>Metadata</c>, and <c>NextMarker</c>, empty on
    /// the last page. Names that XML cannot carry arrive percent-encoded with <c>Encoded="true"</c>.
    /// </summary>
    public static BlobPage ParseListing(Stream stream)
    {
        var root = Load(stream).Root ?? throw new XmlException("The List Blobs response has no root element.");
        var items = new List<BlobItem>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var nameElement = blob.Element("Name") ?? throw new XmlException("A List Blobs entry has no Name.");
            var name = (string?)nameElement.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(nameElement.Value) : nameElement.Value;
            var properties = blob.Element("Properties");
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in blob.Element("Metadata")?.Elements() ?? [])
            {
                metadata[entry.Name.LocalName] = entry.Value;
            }

            items.Add(new BlobItem(
                name,
                new BlobProperties(
                    BlobPropertiesReader.QuotedETag(properties?.Element("Etag")?.Value),
                    long.TryParse(properties?.Element("Content-Length")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
                    BlobPropertiesReader.ParseHttpDate(properties?.Element("Last-Modified")?.Value),
                    properties?.Element("Content-Type")?.Value is { Length: > 0 } contentType ? contentType : null,
                    metadata)));
        }

        var next = root.Element("NextMarker")?.Value;
        return new BlobPage(items, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>The Put Block List body committing <paramref name="blockIds"/> in order, each the latest uploaded version.</summary>
    public static byte[] BlockList(IEnumerable<string> blockIds)
    {
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id))));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }
}
