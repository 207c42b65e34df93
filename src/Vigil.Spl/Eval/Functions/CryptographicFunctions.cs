using System.Security.Cryptography;
using System.Text;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's cryptographic functions (Search Reference, "Cryptographic functions"): the hash of the string's UTF-8
/// bytes as lowercase hexadecimal; null gives null. They name data, they protect nothing, so MD5 and SHA-1 are fine.
/// </summary>
internal static class CryptographicFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
#pragma warning disable CA5350, CA5351
        Hash("md5", MD5.HashData),
        Hash("sha1", SHA1.HashData),
#pragma warning restore CA5350, CA5351
        Hash("sha256", SHA256.HashData),
        Hash("sha512", SHA512.HashData),
    ];

    private static EvalFunction Hash(string name, Func<byte[], byte[]> hash) =>
        new(name, 1, 1, EvalType.Value, (c, r, x) =>
        {
            var value = c.Argument(0, r, x);
            return value.IsNull ? Value.Null : Value.FromString(Convert.ToHexStringLower(hash(Encoding.UTF8.GetBytes(value.FirstText))));
        });
}
