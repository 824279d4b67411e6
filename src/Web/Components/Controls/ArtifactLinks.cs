namespace VirtSriov.Web.Components.Controls;

public static class ArtifactLinks
{
    public static string Download(Guid artifactId) => $"/api/artifacts/{artifactId}";
}
