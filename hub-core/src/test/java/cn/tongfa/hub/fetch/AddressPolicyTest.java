package cn.tongfa.hub.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
            "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8",
            "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
            "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255"})
    void specialIpv4BlocksAreRefused(String address) throws Exception {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.0.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.0", "223.255.255.255",
            "11.0.0.1", "126.255.255.255", "128.0.0.1", "169.253.0.1", "202.96.128.86"})
    void publicIpv4IsPermitted(String address) throws Exception {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1",
            "ff0e::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::10.1.2.3",
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:7f00:1::1", "2002:c0a8:101::1",
            "2002:a00:1::", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "3fff::1",
            "100::1", "1::1", "4000::1", "::2"})
    void specialIpv6BlocksAndIpv4CarryingFormsOfRefusedAddressesAreRefused(String address) throws Exception {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2400:3200::1", "2408:8000::1", "2a00:1450:4001::1", "::ffff:8.8.8.8",
            "64:ff9b::808:808", "2002:808:808::1", "2001:4860:4860::8888"})
    void publicIpv6IsPermitted(String address) throws Exception {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @Test
    void hostsWrittenAsNumbersAreReadAsTheResolverReadsThem() {
        for (String spelling : List.of("127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0X7F000001",
                "0x7f.1", "0177.0.0.1", "0177.1", "017700000001", "127.0.0.1.", "0x7f.0x0.0x0.0x1")) {
            assertThat(AddressPolicy.numericIpv4(spelling).getHostAddress()).as(spelling).isEqualTo("127.0.0.1");
        }
        assertThat(AddressPolicy.numericIpv4("0").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(AddressPolicy.numericIpv4("0x").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(AddressPolicy.numericIpv4("3232235777").getHostAddress()).isEqualTo("192.168.1.1");
    }

    @Test
    void namesAreNotNumbers() {
        assertThat(AddressPolicy.numericIpv4("www.gov.cn")).isNull();
        assertThat(AddressPolicy.numericIpv4("localhost")).isNull();
        assertThat(AddressPolicy.numericIpv4("1.2.3.example")).isNull();
        assertThat(AddressPolicy.numericIpv4("0x7g")).isNull();
    }

    @Test
    void numbersThatAreNoAddressAreRefusedAsMalformed() {
        for (String bad : List.of("4294967296", "256.0.0.1", "1.2.3.4.5", "1.2.3.256", "1.2.65536", "08.0.0.1",
                "www.123", "99999999999999999999")) {
            assertThatThrownBy(() -> AddressPolicy.numericIpv4(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theAllowListOpensItsBlocksOnly() throws Exception {
        AddressPolicy policy = AddressPolicy.allowing(List.of("10.20.0.0/16", "192.168.1.5", "fd12:3456::/32"));

        assertThat(policy.permits(InetAddress.getByName("10.20.3.4"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("192.168.1.5"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("192.168.1.6"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("::ffff:10.20.0.9"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("fd12:3456:1::1"))).isTrue();
        assertThat(policy.permits(InetAddress.getByName("fd12:3457::1"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void cidrsMatchOnTheirPrefixBits() {
        Cidr block = Cidr.parse("100.64.0.0/10");
        assertThat(block.contains(new byte[] {100, 64, 0, 0})).isTrue();
        assertThat(block.contains(new byte[] {100, 127, (byte) 255, (byte) 255})).isTrue();
        assertThat(block.contains(new byte[] {100, (byte) 128, 0, 0})).isFalse();
        assertThat(block.contains(new byte[] {100, 63, (byte) 255, (byte) 255})).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4})).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(new byte[16])).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.org/24")).hasMessageContaining("example.org/24");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
    }
}
