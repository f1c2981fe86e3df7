using Serverless.Storage.Blobs;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

public sealed class StorageConnectionStringTests
{
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";

    [Fact]
    public void AzureConnectionString_BuildsTheBlobEndpointFromAccountAndSuffix()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal("myaccount", parsed.AccountName);
        Assert.Equal(new Uri("https://myaccount.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Fact]
    public void OtherCloudsAndPlainHttp_AreHonoured()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("http://acct.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
    }

    [Fact]
    public void ExplicitBlobEndpoint_WinsAndLosesItsTrailingSlash()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:10001/devstoreaccount1/;QueueEndpoint=http://127.0.0.1:10002/devstoreaccount1");

        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", parsed.BlobEndpoint.AbsoluteUri);
    }

    [Fact]
    public void UseDevelopmentStorage_MeansTheEmulatorsWellKnownAccount()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(StorageConnectionString.DevelopmentAccountName, parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=myaccount;AccountKey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("myaccount", parsed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountKey=" + Key)]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";AccountName=b")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";SharedAccessSignature=sv=2020&sig=abc")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";Unknown=1")]
    [InlineData("UseDevelopmentStorage=true;AccountName=a")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";BlobEndpoint=ftp://host")]
    [InlineData("garbage")]
    public void MalformedConnectionStrings_AreRejected_WithoutEchoingTheKey(string connectionString)
    {
        var e = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", e.Message, StringComparison.Ordinal);
    }
}
