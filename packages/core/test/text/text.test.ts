import { escapeMrkdwn, hostOf, oneLine, REDACTED, redactSecrets, redactUrl, truncate } from "@nwh/core/text";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeMrkdwnLiteral } from "../../src/text/escape-mrkdwn";

describe("escapeMrkdwn", () => {
  it("replaces exactly &, < and >", () => {
    expect(escapeMrkdwn("<!channel> & <https://evil.example|click>")).toBe(
      "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;",
    );
    expect(escapeMrkdwn("plain *bold* ünïcödé")).toBe("plain *bold* ünïcödé");
  });

  it("never leaves a raw < or > in any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        const out = escapeMrkdwn(s);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
      }),
    );
  });

  it("literal form also defuses formatting characters", () => {
    const out = escapeMrkdwnLiteral("*urgent* _x_ `code` <b>");
    expect(out).not.toMatch(/\*urgent\*/);
    expect(out).toContain("&lt;b&gt;");
  });
});

describe("truncate", () => {
  it("keeps short text and cuts long text to the limit with an ellipsis", () => {
    expect(truncate("hello", 5)).toBe("hello");
    expect(truncate("hello world", 6)).toBe("hello…");
    expect(truncate("hello world", 6)).toHaveLength(6);
  });

  it("never splits an entity or a surrogate pair", () => {
    expect(truncate("ab&amp;cdef", 5)).toBe("ab…");
    expect(truncate("a😀bcdef", 3)).toBe("a…");
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 100 }),
        fc.integer({ min: 1, max: 120 }),
        (s, max) => {
          const out = truncate(escapeMrkdwn(s), max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
        },
      ),
    );
  });

  it("oneLine folds whitespace", () => {
    expect(oneLine(" a\n\tb   c ")).toBe("a b c");
  });
});

describe("redactUrl", () => {
  it("removes userinfo and credential-like query values", () => {
    const out = redactUrl("https://ops:S3cr3t-pass@hooks.example.com/a?token=abc123&x=1&api_key=zz9#f");
    expect(out).toBe(`https://${REDACTED}@hooks.example.com/a?token=${REDACTED}&x=1&api_key=${REDACTED}#f`);
    expect(out).not.toContain("S3cr3t");
  });

  it("redacts secrets kept in the path by Slack, Make and Zapier hooks", () => {
    expect(redactUrl("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXX1")).toBe(
      `https://hooks.slack.com/services/T0000/B0000/${REDACTED}`,
    );
    expect(redactUrl("https://hook.eu1.make.com/abcdefghijklmnop1234567890abcdef")).toBe(
      `https://hook.eu1.make.com/${REDACTED}`,
    );
    expect(redactUrl("https://hooks.zapier.com/hooks/catch/123456/b7x9q2/")).toBe(
      `https://hooks.zapier.com/hooks/catch/123456/${REDACTED}/`,
    );
  });

  it("redacts a path secret whatever its letters are", () => {
    expect(redactUrl("https://hooks.slack.com/services/T0DEMO0001/B0DEMO0002/DEMOreceptionxxxxxxxxxxx")).toBe(
      `https://hooks.slack.com/services/T0DEMO0001/B0DEMO0002/${REDACTED}`,
    );
    expect(redactUrl("https://hooks.slack.com/services/T0/B0/short")).toBe(
      `https://hooks.slack.com/services/T0/B0/${REDACTED}`,
    );
    expect(redactUrl("https://hook.us1.make.com/abcdefghijklmnopqrstuvwxyzabcdef")).toBe(
      `https://hook.us1.make.com/${REDACTED}`,
    );
    expect(redactUrl("https://discord.com/api/webhooks/123/tok")).toBe(
      `https://discord.com/api/webhooks/123/${REDACTED}`,
    );
    expect(redactUrl("https://example.com/in/QmFzZTY0dXJsU2VjcmV0VG9rZW4")).toBe(
      `https://example.com/in/${REDACTED}`,
    );
  });

  it("keeps hyphenated path words", () => {
    const url = "https://api.example-coworking.com/webhooks/booking-created-handler-v2/calendar-sync-service";
    expect(redactUrl(url)).toBe(url);
  });

  it("redacts userinfo cut off before its @, and keeps ports and IPv6 hosts", () => {
    expect(redactUrl("https://u:S3cr3t")).toBe(`https://${REDACTED}`);
    expect(redactSecrets("see https://ops:hunter2/x")).toBe(`see https://${REDACTED}/x`);
    expect(redactUrl("https://hooks.example.com:8443/a")).toBe("https://hooks.example.com:8443/a");
    expect(redactUrl("http://[::1]:3000/x")).toBe("http://[::1]:3000/x");
    expect(redactSecrets("at https://x.example:.")).toBe("at https://x.example:.");
  });

  it("keeps ordinary URLs intact", () => {
    const url = "https://api.example-coworking.com/webhooks/bookings?location=12&format=json";
    expect(redactUrl(url)).toBe(url);
  });

  it("does not throw on garbage", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void redactUrl(s)));
  });
});

describe("redactSecrets", () => {
  it("redacts URLs, bearer values and key=value secrets inside free text, keeping punctuation", () => {
    const text =
      "Error for https://x.io/cb?sig=AAA&access_token=BBB. Authorization: Bearer eyJhbGciOi.x.y password=hunter22 keyboard=qwerty";
    const out = redactSecrets(text);
    for (const secret of ["AAA", "BBB", "eyJhbGciOi", "hunter22"]) expect(out).not.toContain(secret);
    expect(out).toContain("access_token=REDACTED.");
    expect(out).toContain("keyboard=qwerty");
  });
});

describe("hostOf", () => {
  it("shows host without userinfo", () => {
    expect(hostOf("https://ops:S3cr3t@hooks.example.com:8443/a")).toBe("hooks.example.com:8443");
    expect(hostOf("not a url token=abc")).toBe(`not a url token=${REDACTED}`);
  });
});

describe("redactSecrets on glued and nested secrets", () => {
  it.each([
    [
      "a URL glued to another URL's query",
      "see https://a.example/x?y=1https://u:pass1234@h.example/p",
      "pass1234",
    ],
    ["a URL glued to a word", "failed_https://u:pass5678@h.example/p", "pass5678"],
    ["a secret pair after a harmless one", "https://x|a>password=hunter99", "hunter99"],
    ["a glued secret name", "mypassword=hunter77 and xapikey=k3y3k3y", "hunter77"],
    ["a secret pair inside a kept value", "redirect=xpassword=hunter55", "hunter55"],
    ["an unusual scheme's userinfo", "amqp-ish+x://bob:hunter44@mq.example", "hunter44"],
  ])("redacts %s", (_what, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it("never lets a userinfo password through, wherever the URL sits", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (before, after) => {
        const out = redactSecrets(`${before}https://user:Zq9SecretPw@host.example/p${after}`);
        expect(out).not.toContain("Zq9SecretPw");
      }),
    );
  });
});
