using System.Net;
using FluxImaging.Server.Media;

namespace FluxImaging.Server.Tests;

/// <summary>The download guard's address table, row by row: only global unicast addresses, every wrapped form unwrapped.</summary>
[TestFixture]
public sealed class AddressGuardTests
{
    /// <summary>The first and the last address of every special-purpose block.</summary>
    public static IEnumerable<TestCaseData> EveryBlockEdge() =>
        SpecialPurposeAddresses.IPv4.Concat(SpecialPurposeAddresses.IPv6).SelectMany(block => new[]
        {
            new TestCaseData(First(block.Network).ToString(), block.Name).SetArgDisplayNames($"{block.Network} first"),
            new TestCaseData(Last(block.Network).ToString(), block.Name).SetArgDisplayNames($"{block.Network} last"),
        });

    /// <summary>Addresses that hide a special-purpose IPv4 address, or are special themselves, in the forms attackers use.</summary>
    public static IEnumerable<TestCaseData> ExoticForms() =>
    [
        new("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254"),
        new("64:ff9b::7f00:1", "NAT64 of 127.0.0.1"),
        new("64:ff9b::a00:1", "NAT64 of 10.0.0.1"),
        new("64:ff9b:1::a9fe:a9fe", "local-use NAT64"),
        new("64:ff9b:1:a9fe:a9:fe00::", "local-use NAT64 carrying 169.254.169.254"),
        new("2002:a9fe:a9fe::", "6to4 of 169.254.169.254"),
        new("2002:7f00:1::", "6to4 of 127.0.0.1"),
        new("2002:808:808::1", "6to4 of a public address"),
        new("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo of 127.0.0.1"),
        new("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo (the RFC 4380 example)"),
        new("::127.0.0.1", "IPv4-compatible loopback"),
        new("::169.254.169.254", "IPv4-compatible link-local"),
        new("::8.8.8.8", "IPv4-compatible, deprecated"),
        new("::ffff:127.0.0.1", "IPv4-mapped loopback"),
        new("::ffff:169.254.169.254", "IPv4-mapped link-local"),
        new("::ffff:0:127.0.0.1", "IPv4-translated loopback"),
        new("::ffff:0:10.0.0.1", "IPv4-translated private"),
        new("198.18.0.1", "benchmarking"),
        new("198.19.255.255", "benchmarking"),
        new("192.0.0.1", "IETF protocol assignments"),
        new("192.0.0.170", "NAT64 discovery"),
        new("::", "unspecified"),
        new("::1", "loopback"),
        new("fe80::1%1", "link-local with a scope"),
        new("fd12:3456::1", "unique local"),
        new("ff02::1", "multicast"),
        new("4000::1", "outside 2000::/3"),
        new("100::1", "discard-only"),
        new("3fff:fff::1", "documentation"),
        new("5f00::1", "SRv6"),
    ];

    [TestCaseSource(nameof(EveryBlockEdge))]
    public void Every_special_purpose_block_is_refused_from_its_first_to_its_last_address(string address, string block) =>
        Assert.That(AddressGuard.Check(IPAddress.Parse(address)).IsPublic, Is.False, $"{address} is in {block}");

    [TestCaseSource(nameof(ExoticForms))]
    public void Wrapped_and_special_forms_are_refused(string address, string form)
    {
        var verdict = AddressGuard.Check(IPAddress.Parse(address));

        Assert.That(verdict.IsPublic, Is.False, form);
        Assert.That(verdict.Reason, Is.Not.Empty);
    }

    [TestCase("93.184.216.34")]
    [TestCase("8.8.8.8")]
    [TestCase("1.1.1.1")]
    [TestCase("100.63.255.255")]
    [TestCase("100.128.0.0")]
    [TestCase("172.32.0.1")]
    [TestCase("198.17.255.255")]
    [TestCase("198.20.0.0")]
    [TestCase("223.255.255.254")]
    [TestCase("2606:2800:220:1:248:1893:25c8:1946")]
    [TestCase("2a00:1450:4001:80b::200e")]
    [TestCase("::ffff:8.8.8.8")]
    [TestCase("64:ff9b::808:808")]
    public void Global_unicast_addresses_are_allowed(string address) =>
        Assert.That(AddressGuard.Check(IPAddress.Parse(address)), Is.EqualTo(AddressVerdict.Public));

    [Test]
    public void A_wrapped_address_is_refused_for_what_it_carries() =>
        Assert.That(AddressGuard.Check(IPAddress.Parse("64:ff9b::a9fe:a9fe")).Reason, Does.Contain("169.254.169.254").And.Contain("link-local"));

    [Test]
    public void An_allowed_network_lets_a_private_address_through_and_nothing_else()
    {
        IPNetwork[] allowed = [IPNetwork.Parse("10.1.0.0/16")];

        Assert.That(GuardedDownloader.IsAllowed(IPAddress.Parse("10.1.2.3"), allowed), Is.True);
        Assert.That(GuardedDownloader.IsAllowed(IPAddress.Parse("::ffff:10.1.2.3"), allowed), Is.True);
        Assert.That(GuardedDownloader.IsAllowed(IPAddress.Parse("10.2.0.1"), allowed), Is.False);
        Assert.That(GuardedDownloader.IsAllowed(IPAddress.Parse("127.0.0.1"), allowed), Is.False);
    }

    private static IPAddress First(IPNetwork network) => network.BaseAddress;

    private static IPAddress Last(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
