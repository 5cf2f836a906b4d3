using System.Buffers.Binary;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace Gongzhi.Tests.Platform.Accounts;

// The test hosts hash passwords with fewer rounds (Accounts:PasswordHashIterations) to save CPU; this
// checks what a deployment without the setting stores, and that hashes of either count verify.
public sealed class PasswordHashingTests
{
    private static IPasswordHasher<AppUser> Hasher(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddAccounts(Path.GetTempPath(), configuration);
        return services.BuildServiceProvider().GetRequiredService<IPasswordHasher<AppUser>>();
    }

    // Identity's version-3 layout: a format byte, then the PRF, the round count and the salt length, big-endian.
    private static (byte Format, uint Prf, uint Rounds) Read(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return (bytes[0], BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }

    [Fact]
    public void Without_the_setting_a_password_is_stored_as_PBKDF2_HMAC_SHA512_with_100000_rounds()
    {
        var hash = Hasher([]).HashPassword(new AppUser(), "Gongzhi@2026");
        Read(hash).ShouldBe(((byte)0x01, 2u, 100_000u)); // 0x01: version 3; PRF 2: HMAC-SHA512
    }

    [Fact]
    public void The_setting_changes_new_hashes_only_and_every_hash_verifies_whatever_the_setting()
    {
        var shipped = Hasher([]);
        var fewer = Hasher(new() { ["Accounts:PasswordHashIterations"] = "1000" });
        var user = new AppUser();
        var strong = shipped.HashPassword(user, "Gongzhi@2026");
        var light = fewer.HashPassword(user, "Gongzhi@2026");
        Read(light).Rounds.ShouldBe(1000u);
        fewer.VerifyHashedPassword(user, strong, "Gongzhi@2026").ShouldBe(PasswordVerificationResult.Success);
        shipped.VerifyHashedPassword(user, light, "Gongzhi@2026").ShouldNotBe(PasswordVerificationResult.Failed);
        shipped.VerifyHashedPassword(user, light, "wrong password").ShouldBe(PasswordVerificationResult.Failed);
    }
}
