using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Api;

/// <summary>Every endpoint the OpenAPI document lists, not a hand-kept list: each one's authorization is exercised.</summary>
public sealed class OpenApiEndpointTests
{
    [Fact]
    public async Task EveryDocumentedEndpoint_AnonymousRefused_ReadOnlyRefusedOnStateChanges_OperatorAllowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var readOnly = await TokenClient.CreateAsync(factory, ApiTokenScope.ReadOnly, ct);
        var operatorClient = await TokenClient.CreateAsync(factory, ApiTokenScope.Operator, ct);

        var operations = await DocumentedOperationsAsync(operatorClient, ct);

        Assert.Contains(("POST", "/api/runs/{id}/steps/{step}/plan"), operations);
        Assert.Contains(("DELETE", "/api/labs/{id}"), operations);
        Assert.Contains(("GET", "/api/runs/compare"), operations);
        foreach (var (method, template) in operations)
        {
            var stateChanging = method is not ("GET" or "HEAD");
            var call = $"{method} {template}";

            var refused = await SendAsync(anonymous, method, template, ct);
            var read = await SendAsync(readOnly, method, template, ct);
            var operated = await SendAsync(operatorClient, method, template, ct);

            Assert.True(refused == HttpStatusCode.Unauthorized, $"{call} answered {(int)refused} to an anonymous caller");
            Assert.True(
                stateChanging ? read == HttpStatusCode.Forbidden : read is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{call} answered {(int)read} to a read-only token");
            Assert.True(operated is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{call} answered {(int)operated} to an operator token");
            Assert.True((int)operated < 500, $"{call} answered {(int)operated} to an operator token");
        }
    }

    [Fact]
    public async Task OpenApiDocumentAndReference_WithoutSignIn_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new DashboardFactory();
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        var (signedIn, _) = await SignIn.AsAdminAsync(factory, ct);

        var document = await anonymous.GetAsync("/openapi/v1.json", ct);
        var reference = await anonymous.GetAsync("/api/reference", ct);
        var shown = await signedIn.GetAsync("/api/reference/v1", ct);

        Assert.Equal(HttpStatusCode.Redirect, document.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reference.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("openapi", await shown.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    private static async Task<List<(string Method, string Template)>> DocumentedOperationsAsync(HttpClient client, CancellationToken ct)
    {
        var response = await client.GetAsync("/openapi/v1.json", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Method: op.Name.ToUpperInvariant(), Template: path.Name)))
            .ToList();
        Assert.True(operations.Count >= 20, $"the document lists only {operations.Count} operations");
        return operations;
    }

    /// <summary>Ids are fresh GUIDs, so no call reaches a real lab or run: authorization is decided before that.</summary>
    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string template, CancellationToken ct)
    {
        var path = Regex.Replace(template, "{([^}]+)}", m => m.Groups[1].Value == "step" ? "Preflight" : Guid.NewGuid().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }
}
