package cn.tongfa.hub.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.8.0.0/16} or {@code fd00::/8}. */
record Cidr(byte[] network, int prefix) {

    Cidr {
        network = network.clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range");
        }
    }

    /** Parses {@code address/prefix} (an address alone is one host); only literal addresses, never a name. */
    static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address block (CIDR)");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the prefix length is not a number");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + bytes.length * 8);
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** The bytes of a dotted-quad IPv4 or an IPv6 literal; null for anything else (no resolution). */
    private static byte[] literal(String address) {
        boolean v6 = address.indexOf(':') >= 0;
        boolean v4 = address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!v6 && !v4) {
            return null;
        }
        try {
            // A literal is parsed, not looked up; Inet4Address for IPv4-mapped forms, as the fetcher sees them.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefix == prefix && java.util.Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefix;
    }
}
