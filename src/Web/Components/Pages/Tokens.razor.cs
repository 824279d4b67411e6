using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tokens;
using VirtSriov.Web.Audit;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>Creates API tokens (the secret shown once), lists them and revokes them; each action is audited.</summary>
public sealed partial class Tokens
{
    private static readonly int[] ExpiryChoices = [7, 30, 90, 365];

    private IReadOnlyList<ApiTokenInfo> _tokens = [];
    private string _name = "";
    private ApiTokenScope _scope = ApiTokenScope.ReadOnly;
    private int _days = 30;
    private CreatedApiToken? _created;
    private ActionableFailure? _failure;
    private bool _busy;
    private bool _copied;

    [Inject]
    public required IApiTokenStore Store { get; init; }

    [Inject]
    public required Auditor Auditor { get; init; }

    [Inject]
    public required CurrentUser User { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Banner.Clear();
        _tokens = await Store.ListAsync(PageClosed);
    }

    private static string ScopeLabel(ApiTokenScope scope) => scope == ApiTokenScope.Operator ? "Operator" : "Read-only";

    private static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private string State(ApiTokenInfo token) =>
        token.RevokedAt is not null ? "revoked" : token.IsActiveAt(Time.GetUtcNow()) ? "active" : "expired";

    private async Task CreateAsync()
    {
        _busy = true;
        _failure = null;
        _created = null;
        _copied = false;
        try
        {
            _created = await Store.CreateAsync(_name, _scope, Time.GetUtcNow().AddDays(_days), await User.NameAsync(), PageClosed);
            await Auditor.RecordAsync("token.create", $"token '{_created.Token.Name}': {ScopeLabel(_scope)}, expires {Format(_created.Token.ExpiresAt)}");
            _name = "";
            _tokens = await Store.ListAsync(PageClosed);
        }
        catch (ActionableException e)
        {
            _failure = ActionableFailure.From(e);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiTokenInfo token)
    {
        await Store.RevokeAsync(token.Id, PageClosed);
        await Auditor.RecordAsync("token.revoke", $"token '{token.Name}'");
        _tokens = await Store.ListAsync(PageClosed);
    }

    private async Task CopyAsync()
    {
        if (_created is not null)
        {
            await JS.InvokeVoidAsync("virtSriov.copyText", PageClosed, _created.Secret);
            _copied = true;
        }
    }
}
