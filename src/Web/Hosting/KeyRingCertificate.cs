using System.Security.Cryptography.X509Certificates;
using VirtSriov.Core;

namespace VirtSriov.Web.Hosting;

/// <summary>
/// The optional certificate that encrypts the Data Protection key ring at rest: <c>VirtSriov:KeyRingCertificate</c>
/// (a PKCS#12 file with its private key) and <c>VirtSriov:KeyRingCertificatePassword</c> (prefer the environment
/// variable <c>VirtSriov__KeyRingCertificatePassword</c>). Without it the ring is protected by file modes only.
/// </summary>
public static class KeyRingCertificate
{
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var path = configuration[$"{VirtSriovOptions.Section}:KeyRingCertificate"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"VirtSriov:KeyRingCertificate names {path}, which does not exist: give the path of a PKCS#12 (.pfx) file with its private key, or remove the setting.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{VirtSriovOptions.Section}:KeyRingCertificatePassword"]);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"VirtSriov:KeyRingCertificate {path} has no private key: the key ring could not be read back.");
    }
}
