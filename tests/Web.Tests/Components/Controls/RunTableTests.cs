using Bunit;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class RunTableTests
{
    [Fact]
    public async Task Render_NoRunsUnfiltered_SaysNoRunsYet()
    {
        await using var context = new DashboardContext();

        var table = context.Render<RunTable>(p => p.Add(x => x.Runs, []));

        Assert.Equal("No runs yet.", table.Find("[data-testid='no-runs']").TextContent);
    }

    [Fact]
    public async Task Render_NoRunsMatchingFilters_SaysSo()
    {
        await using var context = new DashboardContext();

        var table = context.Render<RunTable>(p => p.Add(x => x.Runs, []).Add(x => x.EmptyText, "No runs match these filters."));

        Assert.Equal("No runs match these filters.", table.Find("[data-testid='no-runs']").TextContent);
    }
}
