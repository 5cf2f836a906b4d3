using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Components.Shared;

// Puts a refusal's field reasons into the form's validation message store (as eShop's Checkout page does), so the
// framework's inputs (InputText, InputSelect…) mark themselves aria-invalid and "invalid". Place it inside the
// EditForm before the inputs; FieldMessage shows the text under each field.
public sealed class ServerErrors : ComponentBase
{
    [CascadingParameter] private EditContext? Form { get; set; }
    [Inject] private IStringLocalizer T { get; set; } = default!;
    [Parameter] public DomainException? Error { get; set; }
    // The rules' name for a field → the form model's property, where they differ ("Phone" → "HolderPhone").
    [Parameter] public IReadOnlyDictionary<string, string>? Names { get; set; }

    private ValidationMessageStore? _store;

    protected override void OnParametersSet()
    {
        if (Form is null) return;
        _store ??= new ValidationMessageStore(Form);
        _store.Clear();
        List<(string Field, string Key, object[] Args)> errors = Error switch
        {
            ValidationFailure v => v.Errors.Select(e => (e.Field, e.MessageKey, e.Args)).ToList(),
            DuplicateFailure d => [(d.Field, d.MessageKey, d.Args)],
            _ => [],
        };
        foreach (var (field, key, args) in errors)
            _store.Add(Form.Field(Names?.GetValueOrDefault(field) ?? field), T[key, args].Value);
        Form.NotifyValidationStateChanged();
    }
}
