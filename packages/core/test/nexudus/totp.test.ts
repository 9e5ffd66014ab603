import { totpFromBase32 } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { decodeBase32, isBase32Secret, totpCode } from "../../src/nexudus/totp";

// RFC 6238, Appendix B: the SHA-1 key is the ASCII string "12345678901234567890", 8 digits, 30 s steps.
const RFC_KEY = Buffer.from("12345678901234567890", "ascii");
const RFC_VECTORS: Array<[seconds: number, code: string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("TOTP (RFC 6238, HMAC-SHA-1)", () => {
  it.each(RFC_VECTORS)("at T = %i s gives the published code %s", (seconds, code) => {
    expect(totpCode(RFC_KEY, seconds * 1000, { digits: 8 })).toBe(code);
  });

  it("gives 6 digits by default, the last 6 of the 8-digit code, from the base32 form of the key", () => {
    // "12345678901234567890" in base32.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    for (const [seconds, code] of RFC_VECTORS)
      expect(totpFromBase32(secret, seconds * 1000)).toBe(code.slice(2));
    expect(totpFromBase32(secret.toLowerCase().replace(/(.{4})/g, "$1 "), 59_000)).toBe("287082");
  });

  it("keeps one code for a whole 30-second step", () => {
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpFromBase32(secret, 60_000)).toBe(totpFromBase32(secret, 89_999));
    expect(totpFromBase32(secret, 90_000)).not.toBe(totpFromBase32(secret, 89_999));
  });

  it("decodes base32 (RFC 4648) and refuses other alphabets", () => {
    expect(decodeBase32("MZXW6YTBOI======").toString("ascii")).toBe("foobar");
    expect(() => decodeBase32("MZXW6YTB01")).toThrow(RangeError);
    expect(isBase32Secret("JBSW Y3DP EHPK 3PXP")).toBe(true);
    expect(isBase32Secret("JBSWY3DP")).toBe(false);
    expect(isBase32Secret("JBSWY3DPEHPK3PX1")).toBe(false);
  });
});
