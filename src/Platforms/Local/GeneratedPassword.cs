using System.Security.Cryptography;

namespace Serverless.Platforms.Local;

/// <summary>
/// Passwords the platform generates for server accounts: 24 characters from letters and digits without look-alikes
/// (no I, l, O, 0, 1), so they need no quoting in SQL, my.cnf or a shell, and are easy to read off a file.
/// </summary>
internal static class GeneratedPassword
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const int Length = 24;

    public static string Create() => RandomNumberGenerator.GetString(Alphabet, Length);
}
