import { queryErrorMessage, validateMessage } from "@nwh/core/blocks";
import { NexudusAuthError, NexudusHttpError, NexudusWriteError } from "@nwh/core/nexudus";
import { parseCommand } from "@nwh/core/query";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nexudusErrorMessage, notAllowedMessage } from "../../src/blocks/error-messages";
import { infoMessage, searchingMessage } from "../../src/blocks/notice-messages";
import { blocksOf } from "../service/support";
import { expectSafe, hostileText, serialized } from "./helpers";

describe("queryErrorMessage", () => {
  it("shows the parser's own messages once, and offers only the suggestions they do not already show", () => {
    const parsed = parseCommand("actoin:BookingCreate faling");
    if (parsed.ok) throw new Error("expected errors");

    const message = queryErrorMessage(parsed.errors);

    expect(validateMessage(message)).toEqual([]);
    const texts: string[] = blocksOf(message).map(
      (b: { text?: { text: string }; elements?: { text: string }[] }) =>
        b.text ? b.text.text : (b.elements ?? []).map((e) => e.text).join(" "),
    );
    expect(texts[0]).toBe(":warning: Unknown qualifier `actoin:`. Did you mean `action:`?");
    expect(texts[1]).toBe("Try `action:BookingCreate`.");
    expect(texts[2]).toBe(
      ":warning: `faling` is not a keyword. Did you mean `failing`? To search names, write `name:faling`.",
    );
    expect(texts.filter((t) => t.includes("Did you mean `failing`"))).toHaveLength(1);
    expect(serialized(message)).toContain("/webhooks help");
    expect(message.text).toBe(
      "Your search has 2 problems: Unknown qualifier `actoin:`. Did you mean `action:`?",
    );
  });

  it("escapes hostile text in a message and in suggestions", () => {
    const message = queryErrorMessage([
      {
        term: "<!channel> `x` <https://evil.example|click>",
        message: "Not <b>understood</b>: <!channel>.",
        suggestions: ["a`b<!here>"],
      },
    ]);

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
    expect(blocksOf(message)[0].text.text).toBe(
      ":warning: Not &lt;b&gt;understood&lt;/b&gt;: &lt;!channel&gt;.",
    );
    expect(JSON.stringify(blocksOf(message)[1])).toContain("&lt;!here&gt;");
  });

  it("lists at most 10 problems and stays valid for any input", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            term: hostileText(600),
            message: hostileText(2000),
            suggestions: fc.array(hostileText(200), { maxLength: 6 }),
          }),
          { maxLength: 40 },
        ),
        (errors) => {
          const message = queryErrorMessage(errors);
          expect(validateMessage(message)).toEqual([]);
          expectSafe(message);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("nexudusErrorMessage", () => {
  it("shows a NexudusError's userMessage, escaped", () => {
    const message = nexudusErrorMessage(
      new NexudusWriteError("/sys/webhooks", ["Name <!here> & co is too long"]),
    );

    expect(validateMessage(message)).toEqual([]);
    expect(blocksOf(message)[0].text.text).toBe(
      ":warning: Nexudus refused the change: Name &lt;!here&gt; &amp; co is too long.",
    );
    expect(message.text).toBe("Nexudus refused the change: Name &lt;!here&gt; &amp; co is too long.");
    expect(nexudusErrorMessage(new NexudusHttpError(503, "GET", "/sys/webhooks", 4)).text).toBe(
      "Nexudus answered 503 4 times; please try again in a minute.",
    );
    expect(nexudusErrorMessage(new NexudusAuthError(401, "bad password S3cr3t")).text).not.toContain(
      "S3cr3t",
    );
  });

  it("never shows the message or stack of anything else", () => {
    const error = new Error("connect ECONNREFUSED token=S3cr3t at /var/task/index.js:1:2");
    for (const thrown of [error, "raw string", { userMessage: "<!channel> forged" }, undefined]) {
      const message = nexudusErrorMessage(thrown);
      expect(validateMessage(message)).toEqual([]);
      expect(message.text).toMatch(/^Something went wrong/);
      expect(serialized(message)).not.toContain("ECONNREFUSED");
      expect(serialized(message)).not.toContain("forged");
    }
  });
});

describe("notices", () => {
  it("explains a refusal for searching and for admin actions", () => {
    const search = notAllowedMessage("search");
    const admin = notAllowedMessage("admin");

    expect(validateMessage(search)).toEqual([]);
    expect(validateMessage(admin)).toEqual([]);
    expect(search.text).toContain("not allowed to search");
    expect(admin.text).toContain("Only webhook admins can pause or resume");
  });

  it("tells a refused user to ask an admin, never the configuration name meant for operators", () => {
    for (const message of [notAllowedMessage("search"), notAllowedMessage("admin")]) {
      expect(serialized(message)).toContain("Ask an admin of this bot");
      expect(serialized(message)).not.toMatch(/SLACK_[A-Z_]+/);
    }
  });

  it("answers Searching… at once", () => {
    const message = searchingMessage();

    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe("Searching Nexudus…");
  });

  it("escapes and redacts an info text, keeping its lines", () => {
    const message = infoMessage(
      "Digest posted to <#C123>.\nSee https://u:S3cr3t@x.example/?token=tok_live_4f8a9b",
    );

    expect(validateMessage(message)).toEqual([]);
    expectSafe(message);
    expect(blocksOf(message)[0].text.text).toBe(
      "Digest posted to &lt;#C123&gt;.\nSee https://REDACTED@x.example/?token=REDACTED",
    );
    expect(validateMessage(infoMessage(""))).toEqual([]);
    expect(validateMessage(infoMessage("x".repeat(50_000)))).toEqual([]);
  });
});
