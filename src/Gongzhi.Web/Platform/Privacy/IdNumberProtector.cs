using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Web.Platform.Privacy;

// Encrypts identifiers at rest (AES-GCM) and gives a keyed hash (HMAC-SHA256) so that
// uniqueness can be checked and rows found without decrypting anything.
public sealed class IdNumberProtector
{
    private readonly byte[] _encKey;
    private readonly byte[] _macKey;

    public IdNumberProtector(byte[] masterKey)
    {
        if (masterKey.Length < 32) throw new ArgumentException("The personal data key must be at least 32 bytes.", nameof(masterKey));
        _encKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "gongzhi-id-enc"u8.ToArray());
        _macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "gongzhi-id-mac"u8.ToArray());
        // Its own derivation: the stored check says nothing about the encryption or hashing keys.
        CheckValue = Convert.ToHexString(HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 16, info: "gongzhi-key-check"u8.ToArray()));
    }

    // Stored in the database at the first start (PrivacyKeyGuard) so an instance with another key refuses to start.
    public string CheckValue { get; }

    public bool CanDecrypt(string cipher)
    {
        try { Decrypt(cipher); return true; }
        catch (CryptographicException) { return false; }
    }

    public string Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[12 + 16 + data.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encKey, 16);
        aes.Encrypt(nonce, data, output.AsSpan(28), output.AsSpan(12, 16));
        return Convert.ToBase64String(output);
    }

    public string Decrypt(string cipher)
    {
        var input = Convert.FromBase64String(cipher);
        var plain = new byte[input.Length - 28];
        using var aes = new AesGcm(_encKey, 16);
        aes.Decrypt(input.AsSpan(0, 12), input.AsSpan(28), input.AsSpan(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    public string Hash(string plain) => Convert.ToHexString(HMACSHA256.HashData(_macKey, Encoding.UTF8.GetBytes(plain)));
}
