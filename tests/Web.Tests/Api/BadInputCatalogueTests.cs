using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Tests.Api;

/// <summary>
/// Malformed and out-of-range requests through the API (run settings, lab fields and uploaded kubeconfigs, routes,
/// queries): each gets a 400 ProblemDetails whose errors name the field, none a 500, and none changes anything (no run,
/// no lab, no audit entry).
/// </summary>
public sealed class BadInputCatalogueTests(SignedInDashboard dashboard) : IClassFixture<SignedInDashboard>
{
    private const string Lab = "{lab}";
    private const string Run = "{run}";

    private static readonly string[] IntFields = ["vfCount", "vfsPerWorker", "hugepageCount", "testpmdSeconds", "vfVlan"];
    private static readonly string[] WrongInts = ["\"abc\"", "true", "1.5", "[]", "{}", "99999999999999999999", "\"\"", "-0.5"];
    private static readonly string[] BoolFields = ["vfTrust", "vfSpoofCheck", "forceOffWorkers", "deployClusterWithKcli", "persistAcrossReboot"];
    private static readonly string[] WrongBools = ["\"yes\"", "1", "[]", "{}"];
    private static readonly string[] StringFields = ["pfAddress", "vfMacPrefix", "clusterName", "resourcePrefix", "resourceName", "hugepageSize", "devicePluginImage", "testpmdImage"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?, string> Cases()
    {
        var data = new TheoryData<string, string, string?, string>();

        // JSON null where a value is required: named by the settings validator.
        foreach (var field in StringFields.Concat(["workers", "vfOverrides"]))
        {
            data.Add("POST", "/api/runs", Body($"\"{field}\": null"), Pascal(field));
        }

        // Wrong JSON types: named by their JSON path.
        foreach (var field in IntFields)
        {
            foreach (var value in WrongInts)
            {
                data.Add("POST", "/api/runs", Body($"\"{field}\": {value}"), $"settings.{field}");
            }
        }

        foreach (var field in BoolFields)
        {
            foreach (var value in WrongBools)
            {
                data.Add("POST", "/api/runs", Body($"\"{field}\": {value}"), $"settings.{field}");
            }
        }

        // Enum values outside the definition, by name or by number.
        foreach (var value in new[] { "\"Sideways\"", "7", "-1", "\"\"", "null", "\"roundrobin;x\"" })
        {
            data.Add("POST", "/api/runs", Body($"\"vfPlacement\": {value}"), "settings.vfPlacement");
        }

        // Values of the right type that are out of range or malformed.
        (string Json, string Field)[] values =
        [
            ("\"vfCount\": -1", "VfCount"), ("\"vfCount\": 100000", "VfCount"), ("\"vfCount\": 2147483647", "VfCount"),
            ("\"vfsPerWorker\": 0", "VfsPerWorker"), ("\"vfsPerWorker\": -5", "VfsPerWorker"), ("\"vfsPerWorker\": 300", "VfsPerWorker"),
            ("\"vfsPerWorker\": 1073741824, \"workers\": [\"w-0\", \"w-1\", \"w-2\", \"w-3\"]", "VfsPerWorker"),
            ("\"vfsPerWorker\": 2147483647", "VfsPerWorker"),
            ("\"hugepageCount\": 0", "HugepageCount"), ("\"hugepageCount\": 5000", "HugepageCount"),
            ("\"testpmdSeconds\": 1", "TestpmdSeconds"), ("\"testpmdSeconds\": 99999", "TestpmdSeconds"),
            ("\"hugepageSize\": \"3G\"", "HugepageSize"), ("\"hugepageSize\": \"\"", "HugepageSize"),
            ("\"clusterName\": \"UPPER\"", "ClusterName"), ("\"clusterName\": \"a_b\"", "ClusterName"), ("\"clusterName\": \"\"", "ClusterName"),
            ("\"clusterName\": \"" + new string('a', 64) + "\"", "ClusterName"),
            ("\"resourcePrefix\": \"-x\"", "ResourcePrefix"), ("\"resourceName\": \"a-b\"", "ResourceName"),
            ("\"devicePluginImage\": \"\"", "DevicePluginImage"), ("\"testpmdImage\": \"has space\"", "TestpmdImage"),
            ("\"workers\": []", "Workers"), ("\"workers\": [\"bad name\"]", "Workers"), ("\"workers\": [\"w\", \"w\"]", "Workers"),
            ("\"workers\": [null]", "Workers"), ("\"workers\": [\"" + new string('w', 64) + "\"]", "Workers"),
            ("\"workers\": [" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"w-{i}\"")) + "]", "Workers"),
            ("\"vfOverrides\": {\"nobody\": [\"0000:3b:02.0\"]}", "VfOverrides"),
            ("\"vfOverrides\": {\"virtsriov-worker-0\": [\"zz\"]}", "VfOverrides[virtsriov-worker-0]"),
            ("\"vfOverrides\": {\"virtsriov-worker-0\": []}", "VfOverrides[virtsriov-worker-0]"),
            ("\"vfOverrides\": {\"virtsriov-worker-0\": [null]}", "VfOverrides"),
            ("\"vfOverrides\": {\"virtsriov-worker-0\": null}", "VfOverrides"),
            ("\"vfVlan\": 5000", "VfVlan"), ("\"vfVlan\": -1", "VfVlan"), ("\"vfMacPrefix\": \"zz\"", "VfMacPrefix"),
            ("\"pfAddress\": \"not-a-pci-address\"", "PfAddress"), ("\"pfAddress\": \"0000:ff:1f.7\"", "PfAddress"),
        ];
        foreach (var (json, field) in values)
        {
            data.Add("POST", "/api/runs", Body(json), field);
        }

        // Malformed bodies.
        (string Body, string Field)[] bodies =
        [
            ("{", "body"), ("[]", "body"), ("\"text\"", "body"), ("42", "body"), ("{\"labId\": 5}", "labId"),
            ("{\"labId\": \"not-a-guid\"}", "labId"), ("{\"labId\": \"" + Lab + "\", \"settings\": 5}", "settings"),
            ("{\"labId\": \"" + Lab + "\", \"settings\": []}", "settings"), ("{labId: 1}", "body"),
            ("{\"labId\": \"" + Lab + "\",}", "body"), ("{\"labId\": \"" + Lab + "\", \"settings\": {\"vfCount\": }}", "settings.vfCount"),
            ("{\"labId\": \"00000000-0000-0000-0000-000000000000\"}", "LabId"), ("{\"labId\": \"" + Guid.NewGuid() + "\"}", "LabId"),
            ("{\"labId\": \"" + Lab + "\", \"settings\": {\"workers\": \"w-0\"}}", "settings.workers"),
            ("{\"labId\": \"" + Lab + "\", \"settings\": {\"vfOverrides\": []}}", "settings.vfOverrides"),
        ];
        foreach (var (body, field) in bodies)
        {
            data.Add("POST", "/api/runs", body, field);
        }

        // Step route values.
        foreach (var step in new[] { "Bogus", "99", "0", "-1", "8", "2147483648", "1e3", "Preflight%3Bx", "%20" })
        {
            data.Add("POST", $"/api/runs/{Run}/steps/{step}/apply", null, "step");
        }

        // Queries.
        (string Query, string Field)[] queries =
        [
            ("page=x", "page"), ("page=-1", "page"), ("page=2147483648", "page"), ("page=1000001", "page"), ("page=2147483647&pageSize=200", "page"),
            ("pageSize=0", "pageSize"), ("pageSize=201", "pageSize"), ("pageSize=abc", "pageSize"), ("pageSize=-2147483648", "pageSize"),
            ("status=Bogus", "status"), ("status=99", "status"), ("status=-1", "status"), ("labId=not-a-guid", "labId"),
            ("from=yesterday", "from"), ("to=x", "to"), ("from=2026-02-01&to=2026-01-01", "from"), ("page=1e3", "page"),
        ];
        foreach (var (query, field) in queries)
        {
            data.Add("GET", $"/api/runs?{query}", null, field);
        }

        foreach (var (query, field) in new[] { ("after=-1", "after"), ("after=x", "after"), ("after=9223372036854775808", "after"), ("max=0", "max"), ("max=1001", "max"), ("max=x", "max") })
        {
            data.Add("GET", $"/api/runs/{Run}/events?{query}", null, field);
        }

        // Labs (POST adds, PUT edits; the kubeconfig is the uploaded file's text): the same rules as the Labs page.
        foreach (var (json, field) in LabCases())
        {
            data.Add("POST", "/api/labs", "{" + json + "}", field);
        }

        foreach (var (json, field) in LabCases().Where((_, i) => i % 3 == 0))
        {
            data.Add("PUT", $"/api/labs/{Lab}", "{" + json + "}", field);
        }

        data.Add("GET", "/api/preflight", null, "labId");
        data.Add("GET", "/api/preflight?labId=x", null, "labId");
        return data;
    }

    private static IEnumerable<(string Json, string Field)> LabCases()
    {
        const string Good = "\"name\": \"kvm1\", \"sysfsRoot\": \"/\"";
        const string Uri = "\"libvirtUri\": \"qemu:///system\"";
        const string Kubeconfig = "apiVersion: v1\\nkind: Config\\nclusters:\\n- name: c\\n  cluster: {server: 'https://api:6443'}\\nusers:\\n- name: u\\n  user: {token: t}\\ncontexts:\\n- name: ctx\\n  context: {cluster: c, user: u}\\ncurrent-context: ctx\\n";
        foreach (var name in new[] { "null", "\"\"", "\"  \"", "\"" + new string('n', 65) + "\"", "5", "[]" })
        {
            yield return ($"\"name\": {name}, \"sysfsRoot\": \"/\", {Uri}", "name");
        }

        foreach (var root in new[] { "null", "\"\"", "\"sys\"", "\"./relative\"", "\"/nonexistent-virtsriov-root\"", "\"/" + new string('r', 1100) + "\"" })
        {
            yield return ($"\"name\": \"kvm1\", \"sysfsRoot\": {root}, {Uri}", "sysfsRoot");
        }

        foreach (var uri in new[] { "null", "\"\"", "\"qemu\"", "\"http://example/\"", "\"xen:///system\"", "\"qemu+ssh:///system\"", "\"qemu+ssh://" + new string('h', 1100) + "/system\"" })
        {
            yield return ($"{Good}, \"libvirtUri\": {uri}", "libvirtUri");
        }

        foreach (var option in new[] { "command=/tmp/x", "netcat=/tmp/nc", "proxy=/tmp/p", "socket=/tmp/s", "keyfile=/root/.ssh/id", "known_hosts=/tmp/k", "no_verify=1", "sshauth=agent", "mode=legacy", "%63ommand=x" })
        {
            yield return ($"{Good}, \"libvirtUri\": \"qemu+ssh://root@kvm1/system?{option}\"", "libvirtUri");
        }

        foreach (var kubeconfig in new[] { "\"not: [yaml\"", "\"\"", "\"apiVersion: v1\\nkind: Config\\n\"", "\"" + new string('#', 1_100_000) + "\"",
            "\"users:\\n- name: u\\n  user:\\n    exec: {command: /tmp/x}\\ncontexts:\\n- name: c\\n  context: {cluster: c, user: u}\\n\"",
            "\"" + Kubeconfig.Replace("{token: t}", "{tokenFile: /etc/shadow}", StringComparison.Ordinal) + "\"" })
        {
            yield return ($"{Good}, {Uri}, \"kubeconfig\": {kubeconfig}", "kubeconfig");
        }

        yield return ($"{Good}, {Uri}, \"kubeconfigContext\": \"ctx\"", "kubeconfigContext");
        yield return ($"{Good}, {Uri}, \"kubeconfig\": \"{Kubeconfig}\", \"kubeconfigContext\": \"other\"", "kubeconfigContext");
        yield return ($"{Good}, {Uri}, \"allowProgramOptions\": \"yes\"", "allowProgramOptions");
    }

    [Fact]
    public void Catalogue_HasAtLeast150BadRequests() => Assert.True(Cases().Count >= 150, $"{Cases().Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_Answers400NamingTheFieldAndChangesNothing(string method, string path, string? body, string field)
    {
        var runId = await ExistingRunAsync();
        var before = await SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace(Run, runId.ToString(), StringComparison.Ordinal).Replace(Lab, dashboard.SimulatedLabId.ToString(), StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace(Lab, dashboard.SimulatedLabId.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        }

        var response = await dashboard.Client.SendAsync(request, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        var text = await response.Content.ReadAsStringAsync(Token);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(text.Length < 20_000, $"The answer is {text.Length} characters long.");
        using var problem = JsonDocument.Parse(text);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(field, errors);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("resume")]
    [InlineData("run-remaining")]
    [InlineData("teardown")]
    [InlineData("steps/Preflight/apply")]
    public async Task VerbOnUnknownRun_Answers404AndRecordsNothing(string verb)
    {
        var before = await SnapshotAsync();

        var response = await dashboard.Client.PostAsync($"/api/runs/{Guid.NewGuid()}/{verb}", null, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task SixtyThousandVfOverrides_ShortAnswerNamingTheField()
    {
        var addresses = string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"\"0000:3b:{i % 256:x2}.{i % 8}\""));
        var body = Body("\"vfOverrides\": {\"virtsriov-worker-0\": [" + addresses + "]}");

        await BadRequest_Answers400NamingTheFieldAndChangesNothing("POST", "/api/runs", body, "VfOverrides");
    }

    private static string Body(string settings) => "{\"labId\": \"" + Lab + "\", \"settings\": {" + settings + "}}";

    private static string Pascal(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];

    /// <summary>A run for route cases, created once directly in the store (the API itself must not create one).</summary>
    private async Task<Guid> ExistingRunAsync()
    {
        var runs = dashboard.Factory.Services.GetRequiredService<IRunStore>();
        var page = await runs.QueryAsync(new RunQuery(PageSize: 1), Token);
        return page.Items.Count > 0
            ? page.Items[0].Id
            : (await runs.CreateAsync(dashboard.SimulatedLabId, new RunSettings(), DateTimeOffset.UnixEpoch, Token)).Id;
    }

    private async Task<(int Runs, int Audit, long Events, int Labs)> SnapshotAsync()
    {
        var services = dashboard.Factory.Services;
        var labs = (await services.GetRequiredService<ILabStore>().ListAsync(Token)).Count;
        var runs = await services.GetRequiredService<IRunStore>().QueryAsync(new RunQuery(PageSize: 200), Token);
        var audit = await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(PageSize: 1), Token);
        long events = 0;
        foreach (var run in runs.Items)
        {
            events += await services.GetRequiredService<IRunEventStore>().GetLastSequenceAsync(run.Id, Token);
        }

        return (runs.Total, audit.Total, events, labs);
    }
}
