import { describe, expect, it } from "vitest";
import { clientIp, clientIpRateKey } from "../../worker/lib/request-context";

function from(value: string | null): Request {
  return new Request("https://gavel.test/", { headers: value === null ? {} : { "cf-connecting-ip": value } });
}

describe("the client's address", () => {
  it("keeps a well-formed IPv4 or IPv6 address, normalised", () => {
    expect(clientIp(from("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(from("2001:DB8:0:0:0:0:0:1"))).toBe("2001:db8::1");
    expect(clientIp(from(" 198.51.100.2 "))).toBe("198.51.100.2");
  });

  it.each([
    "<script>x</script> 1.2.3.4",
    "1.2.3.4, 5.6.7.8",
    "256.1.1.1",
    "1.2.3",
    "01.2.3.4",
    "[2001:db8::1]",
    "2001:db8::1/64",
    "2001:db8::zz",
    "localhost",
    "",
    "x".repeat(500),
  ])("calls %j unknown", (value) => {
    expect(clientIp(from(value))).toBe("unknown");
  });

  it("is unknown without the header", () => {
    expect(clientIp(from(null))).toBe("unknown");
  });
});

describe("the rate-limit key of an address", () => {
  it("is the address for IPv4 and the /64 for IPv6, which one subscriber usually holds whole", () => {
    expect(clientIpRateKey(from("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIpRateKey(from("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).toBe("2001:db8:1:2::/64");
    expect(clientIpRateKey(from("2001:db8:1:2::1"))).toBe(clientIpRateKey(from("2001:db8:1:2:ffff::9")));
    expect(clientIpRateKey(from("2001:db8:1:3::1"))).not.toBe(clientIpRateKey(from("2001:db8:1:2::1")));
    expect(clientIpRateKey(from("::ffff:203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIpRateKey(from("not an address"))).toBe("unknown");
  });
});
