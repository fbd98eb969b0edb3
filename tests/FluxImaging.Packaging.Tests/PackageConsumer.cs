namespace FluxImaging.Packaging.Tests;

/// <summary>A new console app that takes FluxImaging from the packed folder only, as a user's project would.</summary>
internal static class PackageConsumer
{
    /// <summary>Writes <c>nuget.config</c> (FluxImaging packages from the feed, nothing else from it) and a project that references <paramref name="packages"/>.</summary>
    public static async Task<string> CreateAsync(string name, params string[] packages)
    {
        var app = Path.Combine(FreshCheckout.Work, name.ToLowerInvariant());
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{FreshCheckout.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="FluxImaging" /><package pattern="FluxImaging.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        var references = string.Join(
            "\n",
            packages.Select(p => $"""    <PackageReference Include="{p}" Version="{FreshCheckout.Version}" />"""));
        await File.WriteAllTextAsync(Path.Combine(app, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
        return app;
    }
}
