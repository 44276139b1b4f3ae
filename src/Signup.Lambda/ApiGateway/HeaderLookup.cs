namespace Signup.Lambda.ApiGateway;

/// <summary>Case-insensitive lookup in header maps deserialized with an ordinal comparer.</summary>
internal static class HeaderLookup
{
    public static T? Find<T>(IDictionary<string, T>? headers, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        if (headers is null)
        {
            return null;
        }

        // An exact hit is the common case: payload 2.0 lower-cases names and callers usually ask in the
        // same case. Payload 1.0 keeps the client's case, hence the scan.
        if (headers.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
