using System.Security.Cryptography;
using System.Text;

namespace Serverless.Platforms.Local;

/// <summary>Where each file of one server lives inside its state directory.</summary>
internal sealed record MariaDbStateLayout(string StateDirectory)
{
    // sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string ConfigFile => Path.Combine(StateDirectory, "my.cnf");

    public string ErrorLog => Path.Combine(StateDirectory, "error.log");

    public string PidFile => Path.Combine(StateDirectory, "mariadbd.pid");

    public string InitFile => Path.Combine(StateDirectory, "init.sql");

    public string TlsDirectory => Path.Combine(StateDirectory, "tls");

    public string CaCertificate => Path.Combine(TlsDirectory, "ca.pem");

    public string ServerCertificate => Path.Combine(TlsDirectory, "server-cert.pem");

    public string ServerKey => Path.Combine(TlsDirectory, "server-key.pem");

    /// <summary>
    /// The unix socket: inside the state directory when the path fits into a socket address,
    /// otherwise a short name under the temp directory derived from the state directory.
    /// </summary>
    public string SocketPath
    {
        get
        {
            var inside = Path.Combine(StateDirectory, "mariadbd.sock");
            if (Encoding.UTF8.GetByteCount(inside) <= MaxSocketPathBytes)
            {
                return inside;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StateDirectory)))[..16];
            return Path.Combine(Path.GetTempPath(), $"serverless-mariadb-{hash}.sock");
        }
    }

    /// <summary>Deletes the state directory and a socket kept outside of it; missing files are fine.</summary>
    public void Delete()
    {
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        if (!SocketPath.StartsWith(StateDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            File.Delete(SocketPath);
        }
    }
}
