namespace Serverless.Orchestrations.Users;

/// <summary>
/// A user or database the request names is not on the instance's server, or root was never enabled there.
/// The API answers 404 with the message, in Trove's words.
/// </summary>
public sealed class AccountNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing, for example <c>User bob@% cannot be found on the instance.</c></param>
    public AccountNotFoundException(string message)
        : base(message)
    {
    }
}
