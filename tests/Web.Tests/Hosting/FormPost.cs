using System.Net;
using System.Text.RegularExpressions;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>Submits a server-rendered form the way a browser would: its hidden fields (antiforgery, handler) plus the given values.</summary>
public static partial class FormPost
{
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken) =>
        SubmitAsync(client, url, url, values, cancellationToken);

    /// <summary>Takes the hidden fields (a valid antiforgery token) from <paramref name="formPage"/>, e.g. when the target page shows no form.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string formPage, string url, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var page = await client.GetAsync(formPage, cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(fields), cancellationToken);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
