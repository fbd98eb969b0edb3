using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FluxImaging.Server.Media;

/// <summary>
/// Decides whether the server may connect to an address to download an image: only global unicast addresses, after
/// unwrapping every form that carries an IPv4 address inside an IPv6 one (IPv4-mapped, IPv4-translated, NAT64,
/// IPv4-compatible, 6to4, Teredo), so that <c>64:ff9b::a9fe:a9fe</c> is judged as <c>169.254.169.254</c>.
/// </summary>
internal static class AddressGuard
{
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork Mapped = IPNetwork.Parse("::ffff:0:0/96");
    private static readonly IPNetwork Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64LocalUse = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>Whether <paramref name="address"/> is a global unicast address, and if not, why (for the server's log, never for a client).</summary>
    public static AddressVerdict Check(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return CheckIPv4(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressVerdict.Refused($"not an IP address ({address.AddressFamily})");
        }

        // Scope ids do not change what the address is.
        var plain = address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
        if (Embedded(plain) is { } wrapped)
        {
            var inner = CheckIPv4(wrapped.IPv4);
            if (!inner.IsPublic || wrapped.AlwaysRefused)
            {
                return AddressVerdict.Refused($"{wrapped.Form} of {wrapped.IPv4}: {(inner.IsPublic ? "this form is never used for downloads" : inner.Reason)}");
            }

            return inner;
        }

        foreach (var block in SpecialPurposeAddresses.IPv6)
        {
            if (block.Network.Contains(plain))
            {
                return AddressVerdict.Refused(block.ToString());
            }
        }

        return GlobalUnicast.Contains(plain) ? AddressVerdict.Public : AddressVerdict.Refused("outside global unicast 2000::/3");
    }

    private static AddressVerdict CheckIPv4(IPAddress address)
    {
        foreach (var block in SpecialPurposeAddresses.IPv4)
        {
            if (block.Network.Contains(address))
            {
                return AddressVerdict.Refused(block.ToString());
            }
        }

        return AddressVerdict.Public;
    }

    /// <summary>The IPv4 address an IPv6 address carries, in which form, and whether that form is refused whatever it carries.</summary>
    private static (string Form, IPAddress IPv4, bool AlwaysRefused)? Embedded(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (Mapped.Contains(address))
        {
            return ("IPv4-mapped", new IPAddress(b[12..]), false);
        }

        if (Translated.Contains(address))
        {
            return ("IPv4-translated", new IPAddress(b[12..]), false);
        }

        if (Nat64.Contains(address))
        {
            return ("NAT64", new IPAddress(b[12..]), false);
        }

        if (Nat64LocalUse.Contains(address))
        {
            // RFC 6052 layout for a /48 prefix: 16 bits, the reserved octet "u", then 16 bits.
            return ("local-use NAT64", new IPAddress([b[6], b[7], b[9], b[10]]), true);
        }

        if (Compatible.Contains(address) && BinaryPrimitives.ReadUInt32BigEndian(b[12..]) > 1)
        {
            return ("IPv4-compatible", new IPAddress(b[12..]), true);
        }

        if (SixToFour.Contains(address))
        {
            return ("6to4", new IPAddress(b[2..6]), true);
        }

        if (Teredo.Contains(address))
        {
            // The client's address is stored inverted in the last 32 bits.
            var client = ~BinaryPrimitives.ReadUInt32BigEndian(b[12..]);
            Span<byte> ipv4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(ipv4, client);
            return ("Teredo", new IPAddress(ipv4), true);
        }

        return null;
    }
}

/// <summary>Whether an address may be downloaded from, and if not, which block it belongs to.</summary>
internal readonly record struct AddressVerdict(bool IsPublic, string Reason)
{
    public static AddressVerdict Public { get; } = new(true, "global unicast");

    public static AddressVerdict Refused(string reason) => new(false, reason);
}
