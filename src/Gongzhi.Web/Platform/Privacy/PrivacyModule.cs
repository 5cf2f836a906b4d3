namespace Gongzhi.Web.Platform.Privacy;

public static class PrivacyModule
{
    // The key comes from configuration (Privacy:Key, base64, 32 bytes). Without one, a key is generated
    // once and kept beside the data: fine for a laptop demo, and said loudly in the log.
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration config, string dataDirectory)
    {
        services.AddSingleton(sp =>
        {
            var configured = config["Privacy:Key"];
            if (!string.IsNullOrWhiteSpace(configured)) return new IdNumberProtector(Convert.FromBase64String(configured));
            var path = Path.Combine(dataDirectory, "keys", "privacy.key");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Privacy")
                    .LogWarning("No Privacy:Key configured; generated a development key at {Path}. Configure one in production.", path);
            }
            return new IdNumberProtector(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        });
        return services;
    }
}
