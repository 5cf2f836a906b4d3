namespace Gongzhi.Web.Platform;

// Errors carry message keys, not text: they are localized where they reach the user
// (a page, or a problem details response), in that user's language.

public class DomainException(string messageKey, params object[] args) : Exception(messageKey)
{
    public string MessageKey { get; } = messageKey;
    public object[] Args { get; } = args;
}

// A rule refused the input: 400 with the field that was wrong.
public sealed class ValidationFailure : DomainException
{
    public ValidationFailure(string field, string messageKey, params object[] args) : base(messageKey, args)
        => Errors = [new FieldError(field, messageKey, args)];

    public ValidationFailure(IReadOnlyList<FieldError> errors) : base(errors[0].MessageKey, errors[0].Args)
        => Errors = errors;

    public IReadOnlyList<FieldError> Errors { get; }
}

public sealed record FieldError(string Field, string MessageKey, params object[] Args);

// Somebody else changed or took the thing first: 409.
public sealed class ConcurrencyConflict(string messageKey = "Error.Concurrency", params object[] args) : DomainException(messageKey, args);

// A uniqueness rule: 409.
public sealed class DuplicateFailure(string field, string messageKey, params object[] args) : DomainException(messageKey, args)
{
    public string Field { get; } = field;
}

// Not there, or not in the caller's scope (we do not tell which): 404.
public sealed class NotFound(string messageKey = "Error.NotFound") : DomainException(messageKey);

// The caller's role may not do this at all: 403.
public sealed class Forbidden(string messageKey = "Error.Forbidden") : DomainException(messageKey);

public static class Guard
{
    public static string Text(string? value, int maxLength, string field)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new ValidationFailure(field, "Validation.Required");
        // PostgreSQL cannot store a NUL character; no real text holds one.
        if (text.Contains('\0', StringComparison.Ordinal)) throw new ValidationFailure(field, "Validation.Invalid");
        if (text.Length > maxLength) throw new ValidationFailure(field, "Validation.TooLong", maxLength);
        return text;
    }

    public static string? OptionalText(string? value, int maxLength, string field)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Contains('\0', StringComparison.Ordinal)) throw new ValidationFailure(field, "Validation.Invalid");
        if (text.Length > maxLength) throw new ValidationFailure(field, "Validation.TooLong", maxLength);
        return text;
    }

    public static int Range(int value, int min, int max, string field)
    {
        if (value < min || value > max) throw new ValidationFailure(field, "Validation.Range", min, max);
        return value;
    }
}
