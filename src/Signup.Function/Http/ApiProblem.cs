namespace Signup.Function.Http;

/// <summary>
/// A problem to report to the caller, before the request id is attached. See <see cref="Problems"/> for the types.
/// </summary>
internal sealed record ApiProblem(
    int Status,
    string Type,
    string Title,
    string Detail,
    IReadOnlyDictionary<string, IReadOnlyList<ProblemError>>? Errors = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>The outcome code for logs: the problem type's last segment and, when present, the error codes.</summary>
    public string OutcomeCode
    {
        get
        {
            var name = Type[(Type.LastIndexOf('/') + 1)..];
            if (Errors is null)
            {
                return name;
            }

            var codes = Errors.Values.SelectMany(errors => errors).Select(error => error.Code);
            return name + ":" + string.Join(";", codes);
        }
    }
}
