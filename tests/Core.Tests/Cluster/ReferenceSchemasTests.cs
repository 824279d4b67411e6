using Xunit;

namespace VirtSriov.Core.Tests.Cluster;

public sealed class ReferenceSchemasTests
{
    [Fact]
    public void Locate_NoOverride_IsSharedReferenceBesideTheRepositoryRoot()
    {
        var folder = ReferenceSchemas.Locate(null, "/srv/checkouts/virtsriov");

        Assert.Equal("/srv/checkouts/shared/reference", folder);
    }

    [Fact]
    public void Locate_Override_WinsOverTheRepositoryRoot()
    {
        var folder = ReferenceSchemas.Locate("/opt/reference", "/srv/checkouts/virtsriov");

        Assert.Equal("/opt/reference", folder);
    }
}
