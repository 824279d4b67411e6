using CsCheck;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Core.Tests.Testpmd;

namespace VirtSriov.Core.Tests.Properties;

/// <summary>The testpmd parsers, the settings validator and the kubeconfig reader on generated input: answers, never crashes.</summary>
public sealed class ParserProperties
{
    private static readonly string[] TestpmdLines = [.. TestpmdData.ReadLines(TestpmdData.NullMacFinal).Where(l => l.Length > 0)];

    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: virtsriov
          cluster:
            server: https://api.virtsriov.example:6443
            certificate-authority-data: LS0tLS1CRUdJTg==
        users:
        - name: admin
          user:
            token: sha256~abcdef
        contexts:
        - name: admin@virtsriov
          context:
            cluster: virtsriov
            user: admin
            namespace: default
        current-context: admin@virtsriov
        """;

    [Fact]
    public void TestpmdParsers_EditedRealOutputLines_ParseOrSkipWithoutThrowing() =>
        Gen.Int[0, TestpmdLines.Length - 1].SelectMany(i => PropertyCases.Mutated(TestpmdLines[i])).Array[1, 30].Sample(
            lines =>
            {
                var stats = new TestpmdStatsParser();
                var totals = new TestpmdFinalStatsParser();
                foreach (var line in lines)
                {
                    if (stats.TryParseLine(line.AsSpan(), out var sample))
                    {
                        Assert.True(sample.Port >= 0, "a parsed sample names a port");
                    }

                    totals.ReadLine(line);
                }
            },
            iter: PropertyCases.Of(20_000),
            threads: 1);

    [Fact]
    public void Validate_AnySettings_FieldErrorsNamingAKnownField() =>
        Settings.Sample(
            settings =>
            {
                var errors = RunSettingsValidator.Validate(settings, simulatedLab: false);
                Assert.True(errors.Count <= RunSettingsValidator.MaxErrors + 1, $"{errors.Count} errors");
                Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Field) || string.IsNullOrWhiteSpace(e.Message)));
            },
            iter: PropertyCases.Of(20_000),
            threads: 1);

    [Fact]
    public void KubeconfigContexts_EditedKubeconfig_ReadOrRefusedWithAReason() =>
        PropertyCases.Mutated(Kubeconfig).Sample(
            yaml =>
            {
                try
                {
                    var contexts = KubeconfigContexts.List(yaml);
                    if (contexts.FirstOrDefault(c => c is not null) is { } first)
                    {
                        Assert.Contains(first, KubeconfigContexts.List(KubeconfigContexts.Choose(yaml, first)));
                    }
                }
                catch (ActionableException e) when (e.Field == "Kubeconfig")
                {
                    // Refused naming the field.
                }
            },
            iter: PropertyCases.Of(10_000),
            threads: 1);

    private static readonly Gen<RunSettings> Settings = Gen.Select(
        Gen.Select(PropertyCases.Awkward, Gen.Int, PropertyCases.Awkward, Gen.Int.Nullable(), Gen.Int, Gen.Int),
        Gen.Select(PropertyCases.Awkward, PropertyCases.Awkward, PropertyCases.Awkward, PropertyCases.Awkward, Gen.Int),
        Gen.Select(PropertyCases.Awkward.Array[0, 4], Gen.Int[-2, 5], Gen.Select(PropertyCases.Awkward, PropertyCases.Awkward.Array[0, 3]).Array[0, 3]),
        (numbers, names, lists) => new RunSettings
        {
            PfAddress = numbers.Item1,
            VfCount = numbers.Item2,
            VfMacPrefix = numbers.Item3,
            VfVlan = numbers.Item4,
            VfsPerWorker = numbers.Item5,
            HugepageCount = numbers.Item6,
            ClusterName = names.Item1,
            ResourcePrefix = names.Item2,
            ResourceName = names.Item3,
            HugepageSize = names.Item4,
            TestpmdSeconds = names.Item5,
            Workers = lists.Item1,
            VfPlacement = (VfPlacementMode)lists.Item2,
            VfOverrides = lists.Item3.DistinctBy(o => o.Item1).ToDictionary(o => o.Item1, o => (IReadOnlyList<string>)o.Item2),
        });
}
