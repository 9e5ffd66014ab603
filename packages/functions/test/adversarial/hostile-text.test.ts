import { validateMessage } from "@nwh/core/blocks";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type HostileBot, STRANGER, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";
import { strayControlSequences } from "./support/message-checks";

/*
 * Hostile text through the real slack handler: what users type after `/webhooks`, and what Nexudus holds
 * (names, errors, descriptions, URLs). Whatever the input, the answer is a 200, ephemeral, within Slack's
 * limits, and carries no control sequence the bot did not write itself (see message-checks.ts).
 */

const watch = watchForLeaks();
let bot: HostileBot;
beforeAll(async () => {
  // Without the client's 100 ms spacing, so that a hundred searches stay fast; nothing here is about pacing.
  bot = await startHostileBot(watch, { allowed: [USER], admins: [ADMIN], clientLimiter: false });
});
afterAll(async () => {
  await bot?.close();
});

/** Pieces an attacker would try, mixed with the language's own keywords. */
const FRAGMENTS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^S123|@team>",
  "<@U123>",
  "<@W0ADMIN|boss>",
  "<#C0123|general>",
  "<https://x|y>",
  "<http://evil.example/login|Reset your password>",
  "<mailto:a@b.c|mail>",
  "```",
  "`",
  '"',
  "'",
  "*",
  "_",
  "~",
  "&amp;",
  "&lt;!channel&gt;",
  "&#60;",
  "<",
  ">",
  "|",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u202e",
  "\u200d",
  "\r\n",
  "\t",
  "\ud800",
  "𝕏",
  "👩‍💻",
  "name:",
  "location:",
  "action:",
  "errors:>=",
  "-",
  "..",
  ":",
  "show",
  "pause",
  "resume",
  "help",
  "failing",
  "all",
  "size:25",
  "page:2",
  "sort:-errors",
  "1415230017",
];

const hostileText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((a) => a.join(" ")),
  },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((a) => a.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...FRAGMENTS)
      .map((f) => f.repeat(Math.ceil(10_000 / f.length)).slice(0, 10_000)),
  },
  { weight: 1, arbitrary: fc.constant("x".repeat(10_000)) },
);

describe("hostile command text, through the real handler", () => {
  it("always answers 200, ephemerally, within Slack's limits, with no control sequence from the input", async () => {
    const writesBefore = bot.emu.requests.filter((r) => r.method !== "GET" && r.path !== "/api/token").length;

    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom(USER, ADMIN, STRANGER), async (text, userId) => {
        const { answer, final } = await bot.command(text, userId);

        expect(answer.status).toBe(200);
        expect(answer.body.response_type).toBe("ephemeral");
        expect(validateMessage(final)).toEqual([]);
        expect(strayControlSequences(final, [userId])).toEqual([]);
      }),
      { numRuns: 80 },
    );

    // A command never writes: pause and resume only ask for a confirmation.
    expect(bot.emu.requests.filter((r) => r.method !== "GET" && r.path !== "/api/token").length).toBe(
      writesBefore,
    );
  });

  it("answers the classic payloads without pinging, linking or formatting anything", async () => {
    const payloads = [
      "<!channel> failing",
      "name:<!here>",
      'name:"<https://evil.example|Click here>"',
      "<@U0ADMIN001> pause 1415230017",
      "```\nrm -rf /\n```",
      '"unbalanced',
      'location:"<!everyone>"',
      "-name:<#C0123> errors:>=1",
      "\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007",
    ];
    for (const text of payloads) {
      const { answer, final } = await bot.command(text, ADMIN);

      expect(answer.status, text).toBe(200);
      expect(final.response_type, text).toBe("ephemeral");
      expect(validateMessage(final), text).toEqual([]);
      expect(strayControlSequences(final, [ADMIN]), text).toEqual([]);
    }
  });
});

describe("hostile Nexudus data, through the real handler", () => {
  const hostileField = fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 10 }).map((a) => a.join(" ")),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.constantFrom(...FRAGMENTS).map((f) => f.repeat(Math.ceil(5_000 / f.length))),
  );

  it("renders any name, error, description and URL safely in lists and details, admin buttons included", async () => {
    const hook = bot.emu.account.webhooks.find((h) => h.Active && h.ErrorCount > 0)!;
    const original = { ...hook };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            Name: hostileField,
            LastError: hostileField,
            Description: hostileField,
            URL: hostileField,
          }),
          async (fields) => {
            Object.assign(hook, fields);

            const list = await bot.command("failing size:25", ADMIN);
            const details = await bot.command(`show ${hook.Id}`, ADMIN);
            const confirm = await bot.command(`pause ${hook.Id}`, ADMIN);

            for (const { answer, final } of [list, details, confirm]) {
              expect(answer.status).toBe(200);
              expect(validateMessage(final)).toEqual([]);
              expect(strayControlSequences(final, [ADMIN])).toEqual([]);
            }
          },
        ),
        { numRuns: 25 },
      );
    } finally {
      Object.assign(hook, original);
    }
  });
});
