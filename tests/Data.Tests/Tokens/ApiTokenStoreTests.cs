using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;

namespace VirtSriov.Data.Tests.Tokens;

public sealed class ApiTokenStoreTests
{
    [Fact]
    public async Task CreateAsync_NewToken_SecretFindsItAndOnlyItsHashIsStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = db.Services.GetRequiredService<IApiTokenStore>();

        var created = await store.CreateAsync("ci-nightly", ApiTokenScope.Operator, db.Time.GetUtcNow().AddDays(30), "admin", db.Token);
        var found = await store.FindActiveAsync(created.Secret, db.Token);

        Assert.StartsWith("vsr_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(created.Token, found);
        Assert.Equal(new ApiTokenInfo(created.Token.Id, "ci-nightly", ApiTokenScope.Operator, "admin", db.Time.GetUtcNow(), db.Time.GetUtcNow().AddDays(30), null), created.Token);
        await using var connection = await db.OpenRawConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SecretHash FROM ApiTokens";
        var stored = (string?)await command.ExecuteScalarAsync(db.Token);
        Assert.Equal(ApiTokenSecret.Hash(created.Secret), stored);
        Assert.DoesNotContain(created.Secret[4..], stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindActiveAsync_RevokedExpiredOrUnknown_ReturnsNull()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = db.Services.GetRequiredService<IApiTokenStore>();
        var revoked = await store.CreateAsync("revoked", ApiTokenScope.ReadOnly, db.Time.GetUtcNow().AddDays(30), "admin", db.Token);
        var expiring = await store.CreateAsync("expiring", ApiTokenScope.ReadOnly, db.Time.GetUtcNow().AddHours(1), "admin", db.Token);

        Assert.True(await store.RevokeAsync(revoked.Token.Id, db.Token));
        db.Time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await store.FindActiveAsync(revoked.Secret, db.Token));
        Assert.Null(await store.FindActiveAsync(expiring.Secret, db.Token));
        Assert.Null(await store.FindActiveAsync(ApiTokenSecret.Generate(), db.Token));
        Assert.Null(await store.FindActiveAsync("not-a-token", db.Token));
        Assert.False(await store.RevokeAsync(Guid.NewGuid(), db.Token));
        var listed = await store.ListAsync(db.Token);
        Assert.Equal(db.Time.GetUtcNow().AddHours(-1), Assert.Single(listed, t => t.Name == "revoked").RevokedAt);
    }

    [Theory]
    [InlineData("", 30, "Name")]
    [InlineData("taken", 30, "Name")]
    [InlineData("fine", 0, "ExpiresAt")]
    public async Task CreateAsync_BadInput_ThrowsActionableNamingTheField(string name, int days, string field)
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = db.Services.GetRequiredService<IApiTokenStore>();
        await store.CreateAsync("taken", ApiTokenScope.ReadOnly, db.Time.GetUtcNow().AddDays(1), "admin", db.Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() =>
            store.CreateAsync(name, ApiTokenScope.ReadOnly, db.Time.GetUtcNow().AddDays(days), "admin", db.Token));

        Assert.Equal(field, error.Field);
        Assert.NotEmpty(error.Fix);
    }
}
