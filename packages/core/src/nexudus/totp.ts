import { createHmac } from "node:crypto";

/*
 * Time-based one-time passwords (RFC 6238: HOTP of RFC 4226 over 30-second steps, HMAC-SHA-1, 6 digits),
 * what authenticator apps show, for Nexudus users with two-factor authentication.
 */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The canonical form of a base32 key as authenticator apps show it: upper case, no spaces, dashes or padding. */
function canonicalBase32(text: string): string {
  return text
    .replace(/[\s-]+/g, "")
    .replace(/=+$/, "")
    .toUpperCase();
}

/** True for a base32 key (RFC 4648 alphabet, spaces and padding allowed) of at least 80 bits. */
export function isBase32Secret(text: string): boolean {
  const key = canonicalBase32(text);
  return key.length >= 16 && /^[A-Z2-7]+$/.test(key);
}

/** Decodes a base32 key (RFC 4648; case, spaces, dashes and padding ignored). Throws on another character. */
export function decodeBase32(text: string): Buffer {
  const key = canonicalBase32(text);
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of key) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new RangeError("not a base32 key");
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Options of `totpCode`: RFC 6238's defaults are what Nexudus's authenticator enrolment uses. */
export interface TotpOptions {
  /** Default 6. */
  digits?: number;
  /** Default 30. */
  stepSeconds?: number;
}

/** The RFC 6238 code (HMAC-SHA-1) of `key` at `epochMs`. */
export function totpCode(key: Buffer, epochMs: number, options: TotpOptions = {}): string {
  const digits = options.digits ?? 6;
  const step = options.stepSeconds ?? 30;
  const counter = Math.floor(Math.floor(epochMs / 1000) / step);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  // RFC 4226 §5.3: dynamic truncation.
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The 6-digit code of a base32 key (`NEXUDUS_TOTP_SECRET`) at `epochMs`. */
export function totpFromBase32(secret: string, epochMs: number): string {
  return totpCode(decodeBase32(secret), epochMs);
}
