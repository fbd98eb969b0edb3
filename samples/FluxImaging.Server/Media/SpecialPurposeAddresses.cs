using System.Net;

namespace FluxImaging.Server.Media;

/// <summary>
/// The address blocks the server never downloads from: IANA's IPv4 and IPv6 special-purpose address registries
/// (RFC 6890 and successors) that are not globally reachable, plus multicast and reserved space. One row per block,
/// so a test can walk the table.
/// </summary>
internal static class SpecialPurposeAddresses
{
    public static IReadOnlyList<AddressBlock> IPv4 { get; } =
    [
        new("0.0.0.0/8", "\"this network\" (RFC 791)"),
        new("10.0.0.0/8", "private-use (RFC 1918)"),
        new("100.64.0.0/10", "shared address space (RFC 6598)"),
        new("127.0.0.0/8", "loopback (RFC 1122)"),
        new("169.254.0.0/16", "link-local (RFC 3927)"),
        new("172.16.0.0/12", "private-use (RFC 1918)"),
        new("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        new("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        new("192.88.99.0/24", "6to4 relay anycast (RFC 7526)"),
        new("192.168.0.0/16", "private-use (RFC 1918)"),
        new("198.18.0.0/15", "benchmarking (RFC 2544)"),
        new("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        new("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
        new("224.0.0.0/4", "multicast (RFC 5771)"),
        new("240.0.0.0/4", "reserved (RFC 1112)"),
        new("255.255.255.255/32", "limited broadcast (RFC 919)"),
    ];

    /// <summary>
    /// IPv6 blocks. The IPv4-mapped (<c>::ffff:0:0/96</c>) and NAT64 well-known (<c>64:ff9b::/96</c>) prefixes are not
    /// here: <see cref="AddressGuard"/> judges them by the IPv4 address they carry.
    /// </summary>
    public static IReadOnlyList<AddressBlock> IPv6 { get; } =
    [
        new("::/128", "unspecified (RFC 4291)"),
        new("::1/128", "loopback (RFC 4291)"),
        new("::/96", "IPv4-compatible, deprecated (RFC 4291)"),
        new("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
        new("100::/64", "discard-only (RFC 6666)"),
        new("100:0:0:1::/64", "dummy prefix (RFC 9780)"),
        new("2001::/23", "IETF protocol assignments, Teredo included (RFC 2928, RFC 4380)"),
        new("2001:db8::/32", "documentation (RFC 3849)"),
        new("2002::/16", "6to4 (RFC 3056, deprecated by RFC 7526)"),
        new("3fff::/20", "documentation (RFC 9637)"),
        new("5f00::/16", "segment routing SIDs (RFC 9602)"),
        new("fc00::/7", "unique local (RFC 4193)"),
        new("fe80::/10", "link-local (RFC 4291)"),
        new("fec0::/10", "site-local, deprecated (RFC 3879)"),
        new("ff00::/8", "multicast (RFC 4291)"),
    ];
}

/// <summary>One block of a special-purpose registry.</summary>
internal sealed record AddressBlock(IPNetwork Network, string Name)
{
    public AddressBlock(string network, string name)
        : this(IPNetwork.Parse(network), name)
    {
    }

    public override string ToString() => $"{Network} {Name}";
}
