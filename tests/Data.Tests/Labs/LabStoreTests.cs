using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Tests.Labs;

public sealed class LabStoreTests
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: virtsriov
          cluster:
            server: https://api.virtsriov.example:6443
        users:
        - name: admin
          user:
            token: sha256~super-secret-token-value
        """;

    [Fact]
    public async Task AddAsync_NewLab_GetAndListReturnIt()
    {
        await using var database = await TestDatabase.CreateAsync();

        var added = await database.Labs.AddAsync("rack-7", LabKind.Host, "/", "qemu:///system", database.Token);
        var fetched = await database.Labs.GetAsync(added.Id, database.Token);
        var listed = await database.Labs.ListAsync(database.Token);

        Assert.Equal(added, fetched);
        Assert.Equal(new LabDefinition(added.Id, "rack-7", LabKind.Host, "/", "qemu:///system", false, database.Time.GetUtcNow()), added);
        Assert.Equal([added], listed);
        Assert.False(added.IsSimulated);
    }

    [Fact]
    public async Task AddAsync_DuplicateName_ThrowsActionableOnNameField()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.AddLabAsync("rack-7");

        var error = await Assert.ThrowsAsync<ActionableException>(() => database.AddLabAsync("rack-7"));

        Assert.Equal(nameof(LabDefinition.Name), error.Field);
        Assert.Single(await database.Labs.ListAsync(database.Token));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Null(await database.Labs.GetAsync(Guid.NewGuid(), database.Token));
    }

    [Fact]
    public async Task SetKubeconfigAsync_Stored_RawColumnIsEncryptedAndReadsBackDecrypted()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();

        await database.Labs.SetKubeconfigAsync(lab.Id, Kubeconfig, database.Token);
        var decrypted = await database.Labs.GetKubeconfigAsync(lab.Id, database.Token);
        var raw = await ReadRawKubeconfigAsync(database, lab.Id);

        Assert.Equal(Kubeconfig, decrypted);
        Assert.NotNull(raw);
        Assert.DoesNotContain("super-secret-token-value", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("apiVersion", raw, StringComparison.Ordinal);
        Assert.True((await database.Labs.GetAsync(lab.Id, database.Token))!.HasKubeconfig);
    }

    [Fact]
    public async Task GetKubeconfigAsync_AfterRestart_DecryptsWithPersistedKeys()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        await database.Labs.SetKubeconfigAsync(lab.Id, Kubeconfig, database.Token);

        await database.RestartAsync();
        var decrypted = await database.Labs.GetKubeconfigAsync(lab.Id, database.Token);

        Assert.Equal(Kubeconfig, decrypted);
    }

    [Fact]
    public async Task GetKubeconfigAsync_KeysLost_ThrowsActionable()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        await database.Labs.SetKubeconfigAsync(lab.Id, Kubeconfig, database.Token);
        Directory.Delete(Path.Combine(database.Directory, "keys"), recursive: true);

        await database.RestartAsync();
        var error = await Assert.ThrowsAsync<ActionableException>(() => database.Labs.GetKubeconfigAsync(lab.Id, database.Token));

        Assert.Contains("kubeconfig", error.Fix, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetKubeconfigAsync_NoneStored_ReturnsNull()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();

        Assert.Null(await database.Labs.GetKubeconfigAsync(lab.Id, database.Token));
        Assert.False(lab.HasKubeconfig);
    }

    [Fact]
    public async Task UpdateAsync_ExistingLab_ChangesItAndKeepsTheKubeconfig()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync("rack-7", LabKind.Host);
        await database.Labs.SetKubeconfigAsync(lab.Id, Kubeconfig, database.Token);

        var updated = await database.Labs.UpdateAsync(lab.Id, "rack-8", "/mnt/host", "qemu+ssh://rack-8/system", database.Token);

        Assert.Equal(lab with { Name = "rack-8", SysfsRoot = "/mnt/host", LibvirtUri = "qemu+ssh://rack-8/system", HasKubeconfig = true }, updated);
        Assert.Equal(updated, await database.Labs.GetAsync(lab.Id, database.Token));
        Assert.Equal(Kubeconfig, await database.Labs.GetKubeconfigAsync(lab.Id, database.Token));
        Assert.Null(await database.Labs.UpdateAsync(Guid.NewGuid(), "x", "/", "qemu:///system", database.Token));
    }

    [Fact]
    public async Task UpdateAsync_NameOfAnotherLab_ThrowsActionableOnNameField()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.AddLabAsync("rack-7", LabKind.Host);
        var other = await database.AddLabAsync("rack-8", LabKind.Host);

        var error = await Assert.ThrowsAsync<ActionableException>(() => database.Labs.UpdateAsync(other.Id, "rack-7", "/", "qemu:///system", database.Token));

        Assert.Equal(nameof(LabDefinition.Name), error.Field);
    }

    [Fact]
    public async Task DeleteAsync_LabWithoutRuns_RemovesIt_WithRunsOrSimulated_Refuses()
    {
        await using var database = await TestDatabase.CreateAsync();
        var unused = await database.AddLabAsync("unused", LabKind.Host);
        var used = await database.AddLabAsync("used", LabKind.Host);
        var simulated = await database.AddLabAsync("simulated", LabKind.Simulated);
        await database.CreateRunAsync(used.Id);

        Assert.True(await database.Labs.DeleteAsync(unused.Id, database.Token));
        Assert.False(await database.Labs.DeleteAsync(unused.Id, database.Token));
        var withRuns = await Assert.ThrowsAsync<ActionableException>(() => database.Labs.DeleteAsync(used.Id, database.Token));
        await Assert.ThrowsAsync<ActionableException>(() => database.Labs.DeleteAsync(simulated.Id, database.Token));

        Assert.Contains("1 run", withRuns.Message, StringComparison.Ordinal);
        Assert.Equal(["simulated", "used"], (await database.Labs.ListAsync(database.Token)).Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    private static async Task<string?> ReadRawKubeconfigAsync(TestDatabase database, Guid labId)
    {
        await using var connection = await database.OpenRawConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EncryptedKubeconfig FROM Labs WHERE Id = $id";
        command.Parameters.AddWithValue("$id", labId);
        return (string?)await command.ExecuteScalarAsync(database.Token);
    }
}
