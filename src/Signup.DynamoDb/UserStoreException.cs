namespace Signup.DynamoDb;

/// <summary>
/// A failure of the user store that retrying cannot fix, such as a missing table, denied access or an invalid
/// request. The DynamoDB error, when there is one, is the inner exception.
/// </summary>
public sealed class UserStoreException : Exception
{
    public UserStoreException()
    {
    }

    public UserStoreException(string message)
        : base(message)
    {
    }

    public UserStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
