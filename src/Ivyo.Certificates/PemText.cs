namespace Ivyo.Certificates;

/// <summary>
/// PEM text as files hold it: every block ends with a newline. .NET's exports do not, so blocks written one after the
/// other (Patroni's combined key and certificate, a CA bundle) would run together on one line, which OpenSSL rejects
/// ("PEM lib").
/// </summary>
public static class PemText
{
    public static string Terminated(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        return pem.EndsWith('\n') ? pem : pem + "\n";
    }
}
