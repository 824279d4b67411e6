using System.Xml.Linq;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Architecture;

/// <summary>References point inward: Core knows no storage, web or CLI; Data and Web know Core; nothing knows the CLI.</summary>
public sealed class LayeringTests
{
    private static readonly string[] OuterLayers = ["VirtSriov.Data", "VirtSriov.Web", "VirtSriov.Cli", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore"];

    [Fact]
    public void CoreAssembly_References_NoStorageWebOrCliAssembly()
    {
        var references = typeof(RunEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        var outward = references.Where(name => OuterLayers.Any(layer => name.StartsWith(layer, StringComparison.Ordinal))).ToList();

        Assert.Contains("System.Runtime", references);
        Assert.Empty(outward);
    }

    [Theory]
    [InlineData("src/Core/VirtSriov.Core.csproj", new string[0])]
    [InlineData("src/Data/VirtSriov.Data.csproj", new[] { "VirtSriov.Core" })]
    [InlineData("src/Web/VirtSriov.Web.csproj", new[] { "VirtSriov.Core", "VirtSriov.Data" })]
    [InlineData("src/Cli/VirtSriov.Cli.csproj", new[] { "VirtSriov.Core", "VirtSriov.Data" })]
    public void Project_ProjectReferences_AreOnlyItsInnerLayers(string project, string[] allowed)
    {
        var references = ProjectReferences(project);

        Assert.All(references, reference => Assert.Contains(reference, allowed));
    }

    [Theory]
    [InlineData("src/Core/VirtSriov.Core.csproj", "Microsoft.AspNetCore.App")]
    [InlineData("src/Core/VirtSriov.Core.csproj", "Microsoft.EntityFrameworkCore")]
    public void Core_Packages_IncludeNoAspNetOrEfCore(string project, string forbidden)
    {
        var document = XDocument.Load(Path.Combine(RepositoryRoot, project));

        var packages = document.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .ToList();

        Assert.NotEmpty(packages);
        Assert.DoesNotContain(packages, p => p.StartsWith(forbidden, StringComparison.Ordinal));
    }

    private static List<string> ProjectReferences(string project) =>
        [.. XDocument.Load(Path.Combine(RepositoryRoot, project)).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))];

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VirtSriov.Web.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VirtSriov.Web.sln above {AppContext.BaseDirectory}.");
    }
}
