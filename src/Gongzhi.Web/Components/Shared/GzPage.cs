using Microsoft.AspNetCore.Components;

namespace Gongzhi.Web.Components.Shared;

// Base for pages: runs work, turning a refused action into a message and the matching status code,
// so a 403/404 page is still a page in the user's language.
public abstract class GzPage : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    protected DomainException? Error { get; set; }
    protected bool Denied { get; set; }

    protected async Task<bool> RunAsync(Func<Task> work)
    {
        try
        {
            Error = null;
            await work();
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            Error = new ConcurrencyConflict();
            HttpContext.Response.StatusCode = 409;
        }
        catch (DomainException e)
        {
            Error = e;
            if (e is NotFound)
            {
                // Static SSR writes no body at all for a page that sets 404 while rendering (it leaves 404s to the
                // router's not-found page), so the code is set as the response starts, keeping this localized page.
                HttpContext.Response.OnStarting(() =>
                {
                    if (Error is NotFound) HttpContext.Response.StatusCode = 404;
                    return Task.CompletedTask;
                });
            }
            else
            {
                HttpContext.Response.StatusCode = e switch
                {
                    Forbidden => 403,
                    Gongzhi.Web.Platform.Accounts.TooManyRequests => 429,
                    ConcurrencyConflict or DuplicateFailure => 409,
                    _ => 400,
                };
            }
            Denied = e is NotFound or Forbidden;
        }
        return false;
    }

    // aria-invalid for an input whose field the refusal named (null leaves the attribute out).
    protected string? Invalid(string field) => FieldMessage.Has(Error, field) ? "true" : null;

    // Several forms share a page (one per row, too): a refusal's reasons show under the fields of the form
    // that was sent, found by its form name, and the other forms stay as they were.
    protected string? Sent => HttpMethods.IsPost(HttpContext.Request.Method) && HttpContext.Request.HasFormContentType ? HttpContext.Request.Form["_handler"].ToString() : null;
    protected DomainException? ErrorOf(string form) => Sent == form ? Error : null;
    protected string? InvalidIn(string form, string field) => FieldMessage.Has(ErrorOf(form), field) ? "true" : null;
}
