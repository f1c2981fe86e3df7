using Serverless.Platforms.Local;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Administrator passwords for new Flexible Servers. Azure wants 8-128 characters from three of four classes (upper
/// case, lower case, digits, symbols); the platform's generated passwords (letters and digits, no look-alikes) meet that
/// once they hold each of upper case, lower case and a digit, which almost every draw does.
/// </summary>
internal static class AzureAdminPassword
{
    public static string Create()
    {
        while (true)
        {
            var password = GeneratedPassword.Create();
            if (password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiDigit))
            {
                return password;
            }
        }
    }
}
