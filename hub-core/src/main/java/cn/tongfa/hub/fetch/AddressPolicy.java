package cn.tongfa.hub.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a fetch steered by user content may connect to: public unicast only, unless the operator
 * allowed the block ({@code tongfa.media.import.allowed-networks}, e.g. an agency's own intranet image server).
 *
 * <p>Refused IPv4 blocks (IANA's special-purpose registry, RFC 6890 and its updates): {@code 0.0.0.0/8}
 * ("this network", unspecified), {@code 10.0.0.0/8}, {@code 100.64.0.0/10} (carrier-grade NAT),
 * {@code 127.0.0.0/8}, {@code 169.254.0.0/16} (link-local, where clouds answer metadata requests),
 * {@code 172.16.0.0/12}, {@code 192.0.0.0/24} (IETF protocol assignments), {@code 192.0.2.0/24},
 * {@code 198.51.100.0/24}, {@code 203.0.113.0/24} (documentation), {@code 192.88.99.0/24} (6to4 relay),
 * {@code 192.168.0.0/16}, {@code 198.18.0.0/15} (benchmarking), {@code 224.0.0.0/4} (multicast) and
 * {@code 240.0.0.0/4} (reserved, with the broadcast address).
 *
 * <p>IPv6: addresses that carry an IPv4 address are judged by it: IPv4-mapped {@code ::ffff:0:0/96},
 * IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}. Everything else must
 * be global unicast ({@code 2000::/3}), which leaves out {@code ::1}, {@code ::}, {@code fc00::/7} (unique
 * local), {@code fe80::/10} (link-local), {@code fec0::/10}, {@code ff00::/8} (multicast), the local NAT64
 * {@code 64:ff9b:1::/48} and {@code 100::/64}; inside it, {@code 2001::/23} (IETF protocol assignments, Teredo
 * among them, whose embedded IPv4 is obfuscated), {@code 2001:db8::/32} and {@code 3fff::/20} (documentation)
 * are refused too.
 */
final class AddressPolicy {

    private static final List<Cidr> FORBIDDEN_V4 = cidrs("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");
    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");
    private static final List<Cidr> FORBIDDEN_V6 = cidrs("2001::/23", "2001:db8::/32", "3fff::/20");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowed;

    AddressPolicy(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** The operator's allow-list, parsed; a malformed entry stops the start with its text. */
    static AddressPolicy allowing(List<String> allowedNetworks) {
        return new AddressPolicy(allowedNetworks == null ? List.of()
                : allowedNetworks.stream().filter(text -> !text.isBlank()).map(Cidr::parse).toList());
    }

    /** Whether a connection to the address may be made. */
    boolean permits(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Cidr cidr : allowed) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return isPublic(bytes);
    }

    /** Public unicast by the rules above, without the allow-list. */
    static boolean isPublic(InetAddress address) {
        return isPublic(address.getAddress());
    }

    private static boolean isPublic(byte[] bytes) {
        if (bytes.length == 4) {
            return FORBIDDEN_V4.stream().noneMatch(cidr -> cidr.contains(bytes));
        }
        if (isMapped(bytes) || COMPATIBLE.contains(bytes) || NAT64.contains(bytes)) {
            return isPublic(Arrays.copyOfRange(bytes, 12, 16));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isPublic(Arrays.copyOfRange(bytes, 2, 6));
        }
        return GLOBAL_UNICAST_V6.contains(bytes) && FORBIDDEN_V6.stream().noneMatch(cidr -> cidr.contains(bytes));
    }

    /**
     * The IPv4 address that a host written as numbers stands for, in every form that URL parsers and the C
     * resolver ({@code inet_aton}) accept: one to four parts, each decimal, octal with a leading {@code 0} or hex
     * with {@code 0x}, the last part filling the remaining bytes ({@code 127.1}, {@code 2130706433},
     * {@code 0x7f000001}, {@code 0177.0.0.1}). Null when the host is a name; a host whose last label is a number
     * but is no valid address is refused by the caller as malformed, since resolvers differ on it.
     *
     * @throws IllegalArgumentException when the host looks numeric but is no valid IPv4 address
     */
    static Inet4Address numericIpv4(String host) {
        String value = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = value.split("\\.", -1);
        if (parts.length == 0 || !isNumber(parts[parts.length - 1])) {
            return null;
        }
        if (parts.length > 4) {
            throw new IllegalArgumentException("too many parts");
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!isNumber(parts[i])) {
                throw new IllegalArgumentException("not a number: " + parts[i]);
            }
            numbers[i] = number(parts[i]);
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (numbers[i] > 255) {
                throw new IllegalArgumentException("part out of range");
            }
            result |= numbers[i] << (8 * (3 - i));
        }
        long last = numbers[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            throw new IllegalArgumentException("last part out of range");
        }
        result |= last;
        byte[] bytes = {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result};
        try {
            return (Inet4Address) InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isNumber(String part) {
        if (part.isEmpty()) {
            return false;
        }
        if (part.startsWith("0x") || part.startsWith("0X")) {
            return part.length() <= 18 && part.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return part.length() <= 20 && part.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long number(String part) {
        if (part.startsWith("0x") || part.startsWith("0X")) {
            String digits = part.substring(2);
            return digits.isEmpty() ? 0 : parse(digits, 16);
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            if (part.chars().anyMatch(c -> c > '7')) {
                throw new IllegalArgumentException("not an octal number: " + part);
            }
            return parse(part.substring(1), 8);
        }
        return parse(part, 10);
    }

    private static long parse(String digits, int radix) {
        try {
            long value = Long.parseLong(digits, radix);
            // Anything above 2^32 is out of range in every position; capping keeps the range checks simple.
            return Math.min(value, 1L << 33);
        } catch (NumberFormatException e) {
            return 1L << 33;
        }
    }

    /** {@code ::ffff:0:0/96}, by its bytes: the JDK turns such a literal into an IPv4 address when parsing it. */
    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static List<Cidr> cidrs(String... blocks) {
        return Arrays.stream(blocks).map(Cidr::parse).toList();
    }
}
