using System.IO.Compression;
using System.Text;
using VirtSriov.Core.Kcli;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// A run as a GitOps bundle (zip): <c>manifests/</c> with every manifest the cluster steps planned and a
/// <c>kustomization.yaml</c> listing them in apply order, <c>kcli/kcli-parameters.yml</c>, <c>domains/</c> with the patched
/// worker domain XMLs, and <c>manual/</c> with the plain-Kubernetes instructions when the plan had them. Everything
/// comes from the run's stored artifacts, so the bundle is exactly what the run showed and applied.
/// </summary>
public sealed class BundleExporter(IRunStore runs)
{
    private static readonly StepKind[] ManifestSteps = [StepKind.NodeTuning, StepKind.DevicePlugin, StepKind.DpdkTest];

    /// <summary>The earliest time a zip entry can carry (DOS date).</summary>
    private static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The zip, or null when there is no such run.</summary>
    public async Task<byte[]?> ExportAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var files = new List<(string Path, string Content, DateTimeOffset At)>();
        var artifacts = await runs.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        var manifests = new List<string>();
        foreach (var info in artifacts.OrderBy(a => a.Step).ThenBy(a => a.CreatedAt).ThenBy(a => a.Name, StringComparer.Ordinal))
        {
            if (PathIn(info, artifacts) is not { } path)
            {
                continue;
            }

            var artifact = await runs.GetArtifactAsync(info.Id, cancellationToken).ConfigureAwait(false);
            if (artifact is null)
            {
                continue;
            }

            files.Add((path, artifact.Content, info.CreatedAt));
            if (path.StartsWith("manifests/", StringComparison.Ordinal))
            {
                manifests.Add(path["manifests/".Length..]);
            }
        }

        if (manifests.Count > 0)
        {
            files.Add(("manifests/kustomization.yaml", Kustomization(manifests), files.Max(f => f.At)));
        }

        return Zip(files);
    }

    /// <summary>A Kustomization listing the manifest files in the order the steps apply them.</summary>
    public static string Kustomization(IReadOnlyList<string> resources)
    {
        var text = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        foreach (var resource in resources)
        {
            text.Append("- ").Append(resource).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Where an artifact goes in the bundle, or null when it does not belong there (diffs, "before" XMLs, JSON copies).</summary>
    private static string? PathIn(ArtifactInfo info, IReadOnlyList<ArtifactInfo> all)
    {
        var name = Path.GetFileName(info.Name);
        return (info.Step, info.Language) switch
        {
            (StepKind.Cluster, "yaml") when name == KcliDeployer.ParameterFileName => "kcli/" + name,
            (StepKind.WorkerVms, "xml") when name.EndsWith(".after.xml", StringComparison.Ordinal) => "domains/" + name.Replace(".after.xml", ".xml", StringComparison.Ordinal),
            (StepKind.WorkerVms, "xml") when !name.EndsWith(".before.xml", StringComparison.Ordinal)
                && !all.Any(a => a.Step == StepKind.WorkerVms && a.Name == Path.GetFileNameWithoutExtension(name) + ".after.xml") => "domains/" + name,
            (_, "yaml") when ManifestSteps.Contains(info.Step) => "manifests/" + name,
            (_, "text") when ManifestSteps.Contains(info.Step) => "manual/" + name,
            _ => null,
        };
    }

    private static byte[] Zip(IEnumerable<(string Path, string Content, DateTimeOffset At)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, at) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = at < ZipEpoch ? ZipEpoch : at;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }
}
