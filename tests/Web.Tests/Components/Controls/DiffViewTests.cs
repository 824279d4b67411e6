using Bunit;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class DiffViewTests
{
    [Fact]
    public async Task Render_UnifiedDiff_MarksEachLineByKind()
    {
        await using var context = new DashboardContext();
        const string diff = "--- a.xml (current)\n+++ a.xml (patched)\n@@ -1,3 +1,3 @@\n <domain>\n-  <type machine='pc'/>\n+  <type machine='q35'/>\n </domain>\n";

        var view = context.Render<DiffView>(p => p.Add(x => x.Text, diff).Add(x => x.Label, "a.diff"));

        Assert.Equal(
            ["header", "header", "hunk", "context", "removed", "added", "context"],
            view.FindAll(".diff-line").Select(l => l.GetAttribute("data-diff")));
        Assert.Equal("+  <type machine='q35'/>", view.Find(".diff-added").TextContent);
        Assert.Equal("-  <type machine='pc'/>", view.Find(".diff-removed").TextContent);
        Assert.Equal("a.diff", view.Find("pre").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Render_EmptyDiff_SaysNoDifferences()
    {
        await using var context = new DashboardContext();

        var view = context.Render<DiffView>(p => p.Add(x => x.Text, ""));

        Assert.Empty(view.FindAll(".diff-line"));
        Assert.Equal("No differences.", view.Find("[data-testid=diff-empty]").TextContent.Trim());
    }
}
