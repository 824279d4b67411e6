using Bunit;
using VirtSriov.Web.Tests.Fakes;
using TokensPage = VirtSriov.Web.Components.Pages.Tokens;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class TokensTests
{
    [Fact]
    public async Task Create_ThenRevoke_SecretShownOnceAndBothAudited()
    {
        await using var context = new DashboardContext();
        context.Authorization.SetAuthorized("admin");
        var page = context.Render<TokensPage>();

        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == "Name").QuerySelector("input")!.Change("ci-nightly");
        await page.Find("[data-testid=create-token]").ClickAsync(new());

        var created = (await context.Tokens.ListAsync(Xunit.TestContext.Current.CancellationToken)).Single();
        page.WaitForAssertion(() =>
        {
            Assert.Contains("ci-nightly", page.Find("[data-testid=new-token]").TextContent, StringComparison.Ordinal);
            Assert.StartsWith("vsr_", page.Find("[aria-label='New token']").TextContent, StringComparison.Ordinal);
            Assert.Contains("active", page.Find("tr[data-token=ci-nightly]").TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);

        await page.Find("[aria-label='Revoke ci-nightly']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("tr[data-token=ci-nightly]").TextContent, StringComparison.Ordinal), DashboardContext.Wait);
        Assert.NotNull((await context.Tokens.ListAsync(Xunit.TestContext.Current.CancellationToken)).Single().RevokedAt);
        Assert.Equal(["token.create", "token.revoke"], context.Audit.Entries.Select(e => e.Action));
        Assert.Equal(("ci-nightly", "admin"), (created.Name, created.CreatedBy));
        Assert.All(context.Audit.Entries, e => Assert.Equal("admin", e.User));
    }
}
