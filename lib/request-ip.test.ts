import { describe, expect, it } from "vitest";
import { clientAddress, proxyList } from "./request-ip";

const none = proxyList([]);
const proxies = proxyList(["10.0.0.5", "10.1.0.0/16", "fd00::/8"]);

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.1", none)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:198.51.100.7", "203.0.113.1, 10.0.0.5", none)).toBe("198.51.100.7");
  });

  it("walks X-Forwarded-For from the right past trusted proxies only", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9", proxies)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "1.2.3.4, 203.0.113.9, 10.1.4.4", proxies)).toBe("203.0.113.9");
    expect(clientAddress("fd00::1", "2001:db8::7", proxies)).toBe("2001:db8::7");
  });

  it("stops at a hop that is not an address, and says unknown without a peer", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.9, not-an-ip", proxies)).toBe("10.0.0.5");
    expect(clientAddress(null, "203.0.113.9", proxies)).toBe("unknown");
  });
});
