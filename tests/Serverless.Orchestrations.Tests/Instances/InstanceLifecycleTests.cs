using System.Diagnostics;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Testing;
using Xunit.Abstractions;
using Xunit;

namespace Serverless.Orchestrations.Tests.Instances;

/// <summary>
/// The instance lifecycle on the real local platform. Each provision starts a real mariadbd, so the class
/// shares one platform root and keeps to two servers.
/// </summary>
public sealed class InstanceLifecycleTests(InstanceHarness harness, ITestOutputHelper output) : IClassFixture<InstanceHarness>
{
    private const string UserPassword = "s3cret-Pass-7fQ2";

    private static CreateInstanceRequest Request(string name, string flavor = "1", int volume = 2) => new(
        name, flavor, volume, DatastoreType: "mysql", DatastoreVersion: "10.11",
        Databases: ["appdb"],
        Users: [new CreateUserRequest("appuser", UserPassword, "%", ["appdb"])]);

    [Fact]
    public async Task Create_Restart_Delete_RunsTheWholeLifecycle_WithoutSecretsInCatalogOrHistory()
    {
        var project = "lifecycle";
        var clock = Stopwatch.StartNew();
        var created = await harness.Instances.CreateAsync(project, Request("orders-db"), CancellationToken.None);
        Assert.Equal(InstanceStatus.Build, created.Status);
        Assert.NotNull(created.OperationId);

        var active = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
        output.WriteLine($"create → ACTIVE in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.NotNull(active.Host);
        Assert.NotNull(active.Port);
        Assert.Equal("1", active.FlavorId);
        Assert.Equal("mysql", active.DatastoreType);
        Assert.Equal("10.11", active.DatastoreVersion);
        Assert.NotNull(active.VolumeUsedGigabytes);
        Assert.Null(active.Fault);

        await using (var connection = await InstanceHarness.ConnectAsync(active, "appuser", UserPassword, "appdb"))
        {
            Assert.Equal("appdb", await connection.ExecuteScalarAsync("SELECT DATABASE()"));
            await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
            await connection.ExecuteAsync("INSERT INTO t VALUES (1), (2)");
        }

        var createOperation = await harness.WaitForOperationAsync(project, created.OperationId!);
        Assert.Equal(OperationStatus.Completed, createOperation.Status);
        Assert.Equal(OperationKind.Create, createOperation.Kind);
        Assert.Equal(100, createOperation.ProgressPercent);
        Assert.Equal("mark-active", createOperation.CurrentStep);
        Assert.Null(createOperation.Error);

        clock.Restart();
        var restart = await harness.Instances.RestartAsync(project, created.Id, CancellationToken.None);
        Assert.Equal(OperationKind.Restart, restart.Kind);
        Assert.Equal(InstanceStatus.Reboot, (await harness.Instances.GetAsync(project, created.Id, CancellationToken.None)).Status);
        var restartDone = await harness.WaitForOperationAsync(project, restart.Id);
        output.WriteLine($"restart → done in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(OperationStatus.Completed, restartDone.Status);
        Assert.Equal(100, restartDone.ProgressPercent);
        var afterRestart = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
        Assert.Equal(restart.Id, afterRestart.OperationId);
        await using (var connection = await InstanceHarness.ConnectAsync(afterRestart, "appuser", UserPassword, "appdb"))
        {
            Assert.Equal(2L, Convert.ToInt64(await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM t"), System.Globalization.CultureInfo.InvariantCulture));
        }

        var adminPassword = await harness.Secrets.GetAsync($"{created.Id}-admin", CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(adminPassword));
        await harness.AssertNoDocumentHoldsAsync(UserPassword, adminPassword!);

        clock.Restart();
        var delete = await harness.Instances.DeleteAsync(project, created.Id, CancellationToken.None);
        Assert.Equal(OperationKind.Delete, delete.Kind);
        var again = await harness.Instances.DeleteAsync(project, created.Id, CancellationToken.None);
        Assert.Equal(delete.Id, again.Id);
        var deleteDone = await harness.WaitForOperationAsync(project, delete.Id);
        output.WriteLine($"delete → done in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(OperationStatus.Completed, deleteDone.Status);
        Assert.Equal("remove-from-catalog", deleteDone.CurrentStep);
        await harness.WaitUntilGoneAsync(project, created.Id);
        Assert.DoesNotContain(await harness.Instances.ListAsync(project, CancellationToken.None), i => i.Id == created.Id);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.GetAsync(project, created.Id, CancellationToken.None));
        Assert.Equal(ServerState.Missing, (await harness.Platform.GetStatusAsync(created.Id, CancellationToken.None)).State);
        Assert.Null(await harness.Secrets.GetAsync($"{created.Id}-admin", CancellationToken.None));
        Assert.Null(await harness.Secrets.GetAsync($"{created.Id}-user-0", CancellationToken.None));
        await harness.AssertNoDocumentHoldsAsync(UserPassword, adminPassword!);
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneName_OneWins_AndABuildingInstanceRefusesOtherOperations_AndStaysInItsProject()
    {
        var project = "busy";
        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async Task<(InstanceView? View, Exception? Error)> (_) =>
        {
            try
            {
                return (await harness.Instances.CreateAsync(project, Request("same-name"), CancellationToken.None), null);
            }
            catch (CatalogConflictException ex)
            {
                return (null, ex);
            }
        }));
        Assert.Single(attempts, a => a.View is not null);
        Assert.Single(attempts, a => a.Error is CatalogConflictException);
        var instance = attempts.Single(a => a.View is not null).View!;

        var busy = await Assert.ThrowsAsync<InstanceBusyException>(() => harness.Instances.DeleteAsync(project, instance.Id, CancellationToken.None));
        Assert.Equal($"Instance {instance.Id} is not currently available for an action to be performed (status was BUILD).", busy.Message);
        await Assert.ThrowsAsync<InstanceBusyException>(() => harness.Instances.RestartAsync(project, instance.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Instances.CreateAsync(project, Request("same-name"), CancellationToken.None));

        // Another project sees nothing of it.
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.GetAsync("intruder", instance.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.DeleteAsync("intruder", instance.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.GetOperationAsync("intruder", instance.OperationId!, CancellationToken.None));
        Assert.Empty(await harness.Instances.ListAsync("intruder", CancellationToken.None));
        Assert.Contains(await harness.Instances.ListAsync(project, CancellationToken.None), i => i.Id == instance.Id);

        // While it builds, the operation shows its step and progress.
        var running = await harness.Instances.GetOperationAsync(project, instance.OperationId!, CancellationToken.None);
        Assert.Equal(OperationKind.Create, running.Kind);
        Assert.InRange(running.ProgressPercent, 0, 100);

        await harness.WaitForStatusAsync(project, instance.Id, InstanceStatus.Active);

        // Its data deleted by hand: the platform's reconcile reports the server Missing and the catalog shows ERROR.
        var status = await harness.Platform.GetStatusAsync(instance.Id, CancellationToken.None);
        Directory.Delete(Path.Combine(harness.Root, "servers", instance.Id, "data"), recursive: true);
        var reconciled = await harness.Platform.ReconcileAsync(CancellationToken.None);
        Assert.Equal([instance.Id], await harness.Instances.MarkUnavailableServersAsync(reconciled, CancellationToken.None));
        var broken = await harness.Instances.GetAsync(project, instance.Id, CancellationToken.None);
        Assert.Equal(InstanceStatus.Error, broken.Status);
        Assert.Contains("missing", broken.Fault, StringComparison.Ordinal);
        Assert.Empty(await harness.Instances.MarkUnavailableServersAsync(reconciled, CancellationToken.None));
        Assert.Equal(ServerState.Running, status.State);

        var delete = await harness.Instances.DeleteAsync(project, instance.Id, CancellationToken.None);
        await harness.WaitUntilGoneAsync(project, instance.Id);
        Assert.Equal(OperationStatus.Completed, (await harness.WaitForOperationAsync(project, delete.Id)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tname")]
    public async Task Create_WithABadName_IsRejected(string name)
    {
        var error = await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync("validation", Request(name), CancellationToken.None));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAnOverlongName_IsRejected() =>
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync("validation", Request(new string('x', 256)), CancellationToken.None));

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Create_WithVolumeOutOfRange_IsRejected(int volume)
    {
        var error = await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync("validation", Request("v", volume: volume), CancellationToken.None));
        Assert.Contains("1 to 100 GB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAnUnknownFlavor_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.CreateAsync("validation", Request("f", flavor: "99"), CancellationToken.None));
        Assert.Equal("Flavor", error.Kind);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAnUnknownDatastoreVersion_IsNotFound() =>
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.CreateAsync(
            "validation", Request("d") with { DatastoreVersion = "5.1" }, CancellationToken.None));

    [Fact]
    public async Task Create_WithBadDatabasesOrUsers_IsRejected_WithoutEchoingThePassword()
    {
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            "validation", Request("db") with { Databases = ["bad-name"] }, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            "validation", Request("db") with { Databases = ["mysql"] }, CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            "validation", Request("db") with { Users = [new CreateUserRequest("bad user", UserPassword, "%", [])] }, CancellationToken.None));
        var error = await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Instances.CreateAsync(
            "validation", Request("db") with { Users = [new CreateUserRequest("u", UserPassword, "%", ["otherdb"])] }, CancellationToken.None));
        Assert.Contains("otherdb", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(UserPassword, error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Instances.ListAsync("validation", CancellationToken.None));
    }

    [Fact]
    public void CreateUserRequest_ToString_RedactsThePassword() =>
        Assert.DoesNotContain(UserPassword, new CreateUserRequest("u", UserPassword, "%", ["a"]).ToString(), StringComparison.Ordinal);

    [Fact]
    public async Task Catalog_SeedsDefaultFlavorsAndDatastore_FoundByIdOrName()
    {
        var flavors = await harness.Queries.ListFlavorsAsync(CancellationToken.None);
        Assert.Contains(flavors, f => f is { Id: "1", Name: "m1.tiny", RamMegabytes: 512, VCpus: 1 });
        Assert.Equal("2", (await harness.Queries.GetFlavorAsync("m1.small", CancellationToken.None)).Id);
        var mysql = await harness.Queries.GetDatastoreAsync("mysql", CancellationToken.None);
        Assert.Equal("mysql-10.11", mysql.DefaultVersionId);
        var version = await harness.Queries.GetDatastoreVersionAsync("mysql", "10.11", CancellationToken.None);
        Assert.True(version.Active);
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Queries.GetDatastoreAsync("postgresql", CancellationToken.None));
        Assert.Single(await harness.Queries.ListDatastoresAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetOperation_OfAnUnknownId_IsNotFound() =>
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => harness.Instances.GetOperationAsync("validation", "nope", CancellationToken.None));
}
