import { ACTION_IDS, validateMessage } from "@nwh/core/blocks";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { homeOpenedBody } from "../support/api-gateway";
import { afterInterim } from "../support/slack-checks";
import { ADMIN, DIGEST_CHANNEL, type HostileBot, startHostileBot, USER } from "./support/hostile-bot";
import { watchForLeaks } from "./support/leak-watch";
import { eachString } from "./support/message-checks";

/*
 * Invisible text (issue 13, item 7). Zero-width characters, bidi marks and every other format character
 * used to reach Slack as they were, in names, `UpdatedBy`, confirm dialogs, fallback texts, digest lines and
 * the Home tab, so `Zapier\u200b sync` read exactly as `Zapier sync`; lone UTF-16 surrogates were sent too.
 * Whatever Nexudus holds, nothing the bot shows carries an invisible character, except the ones emoji are
 * made of and the joiner the bot itself puts after a formatting character, and a look-alike name reads
 * differently from the name it imitates.
 */

const watch = watchForLeaks();
let bot: HostileBot;
beforeAll(async () => {
  bot = await startHostileBot(watch, { allowed: [USER], admins: [ADMIN], clientLimiter: false });
});
afterAll(async () => {
  await bot?.close();
});

const REAL = "Zapier sync";
const LOOK_ALIKE = "Zapier\u200b sync";
/** Every kind of invisible character, and two lone surrogates. */
const INVISIBLE_NAME =
  "Invoice \u202egnp.exe \u2066x\u2069 \u200e\u200f\u061c \u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164 \ud800 end \udfff";
const EMOJI_NAME = "👩‍💻 Dev team 🏳️‍🌈 ❤️ 🏴󠁧󠁢󠁳󠁣󠁴󠁿";
const UPDATED_BY = "admin\u200b@example.com";

const ZWJ = 0x200d;
const INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const is = (re: RegExp, cp: number | undefined) => cp !== undefined && re.test(String.fromCodePoint(cp));

/**
 * The invisible characters in what a message shows (button values, action and block ids are never shown),
 * with where. Allowed: the bot's own joiner after `*`, `_`, `~` or `` ` `` (it stops Slack pairing them), and
 * the parts of emoji: a joiner between two emoji, a variation selector after one, the tags after a black flag.
 */
function invisibleIn(message: unknown): string[] {
  const found: string[] = [];
  eachString(message, (text, path) => {
    if (/\.(value|action_id|block_id|type)$/.test(path)) return;
    const cps = Array.from(text, (c) => c.codePointAt(0)!);
    cps.forEach((cp, i) => {
      const before = cps[i - 1];
      const after = cps[i + 1];
      if (cp >= 0xd800 && cp <= 0xdfff) found.push(`${path}: lone surrogate U+${cp.toString(16)}`);
      if (!is(INVISIBLE, cp)) return;
      const botJoiner = cp === ZWJ && before !== undefined && "*_~`".includes(String.fromCodePoint(before));
      const emojiJoiner =
        cp === ZWJ &&
        (before === 0xfe0f ||
          is(/^\p{Extended_Pictographic}$/u, before) ||
          is(/^\p{Emoji_Modifier}$/u, before)) &&
        is(/^\p{Extended_Pictographic}$/u, after);
      const selector = (cp === 0xfe0f || cp === 0xfe0e) && is(/^\p{Emoji}$/u, before);
      const tag =
        cp >= 0xe0020 && cp <= 0xe007f && (before === 0x1f3f4 || (before! >= 0xe0020 && before! <= 0xe007f));
      if (!botJoiner && !emojiJoiner && !selector && !tag) {
        found.push(`${path}: U+${cp.toString(16).padStart(4, "0")} in ${JSON.stringify(text.slice(0, 80))}`);
      }
    });
  });
  return found;
}

/** The webhooks given the hostile texts: the worst failing, so they head every list and the Home tab. */
let real: WebhookRecord;
let lookAlike: WebhookRecord;
let invisible: WebhookRecord;
let emoji: WebhookRecord;

beforeAll(() => {
  const active = bot.emu.account.webhooks.filter((h) => h.Active);
  [real, lookAlike, invisible, emoji] = active as [
    WebhookRecord,
    WebhookRecord,
    WebhookRecord,
    WebhookRecord,
  ];
  const texts: Array<[WebhookRecord, string]> = [
    [real, REAL],
    [lookAlike, LOOK_ALIKE],
    [invisible, INVISIBLE_NAME],
    [emoji, EMOJI_NAME],
  ];
  for (const [i, [hook, name]] of texts.entries()) {
    Object.assign(hook, {
      Name: name,
      ErrorCount: 40 - i,
      LastError: `500 from the target \u200b\u202e${name}`,
      UpdatedBy: UPDATED_BY,
      Description: `Owned by ${UPDATED_BY}\u2066 \ud83d`,
    });
  }
});

/** The text of the row (section) of webhook `id` in a list. */
function rowOf(
  message: { blocks: Array<{ text?: { text: string }; accessory?: { value?: string } }> },
  id: number,
) {
  const row = message.blocks.find((b) => b.accessory?.value && JSON.parse(b.accessory.value).id === id);
  return row?.text?.text ?? "";
}

describe("invisible characters in Nexudus text, through the real handler", () => {
  it("shows none in search results, and a look-alike name reads differently", async () => {
    const { final } = await bot.command("failing size:25", ADMIN);

    expect(validateMessage(final)).toEqual([]);
    expect(invisibleIn(final)).toEqual([]);
    const realRow = rowOf(final, real.Id);
    const lookAlikeRow = rowOf(final, lookAlike.Id);
    expect(realRow).toContain("*Zapier sync*");
    expect(lookAlikeRow).toContain("*Zapier\ufffd sync*");
    // Emoji keep their joiners, selectors and flag tags.
    expect(rowOf(final, emoji.Id)).toContain(EMOJI_NAME);
  });

  it("shows none in details (UpdatedBy, description, last error) or in the fallback text", async () => {
    for (const hook of [lookAlike, invisible, emoji]) {
      const { final } = await bot.command(`show ${hook.Id}`, ADMIN);

      expect(validateMessage(final)).toEqual([]);
      expect(invisibleIn(final)).toEqual([]);
      expect(JSON.stringify(final)).toContain("admin\ufffd@example.com");
    }
    const { final } = await bot.command(`show ${lookAlike.Id}`, ADMIN);
    expect(final.text).toContain("Zapier\ufffd sync");
  });

  it("shows none in the Pause confirmation, its confirm dialog, the result and the audit line", async () => {
    const confirm = await bot.command(`pause ${invisible.Id}`, ADMIN);
    expect(invisibleIn(confirm.final)).toEqual([]);
    const pause = confirm.final.blocks
      .flatMap((b: { elements?: unknown[] }) => b.elements ?? [])
      .find((e: { action_id?: string }) => e.action_id === ACTION_IDS.pause);
    expect(pause.confirm.text.text).toContain("\ufffd");

    const posts = afterInterim((await bot.click(ACTION_IDS.pause, pause.value, { userId: ADMIN })).posts);

    // The result replaces the confirmation; the audit line goes to the channel.
    expect(posts.map((p) => p.response_type ?? "ephemeral").sort()).toEqual(["ephemeral", "in_channel"]);
    for (const post of posts) expect(invisibleIn(post)).toEqual([]);
  });

  it("shows none in the digest or on the Home tab", async () => {
    await bot.digest();
    const digest = bot.stub.channels.get(DIGEST_CHANNEL) ?? [];
    expect(digest.length).toBeGreaterThan(0);
    expect(JSON.stringify(digest)).toContain("Zapier\ufffd sync");
    for (const message of digest) expect(invisibleIn(message)).toEqual([]);

    const answer = await bot.send(
      bot.event({
        body: homeOpenedBody({ userId: USER, eventId: "EvInvisible1" }),
        contentType: "application/json",
      }),
    );
    expect(answer.status).toBe(200);
    await bot.settle();
    const home = bot.stub.homeViews.get(USER);
    expect(JSON.stringify(home)).toContain("Zapier\ufffd sync");
    expect(invisibleIn(home)).toEqual([]);
  });

  it("shows none when a user types them", async () => {
    const { final } = await bot.command('name:"Zap\u200eier\u061c\u00ad\u2066" errors:>=1', ADMIN);

    expect(validateMessage(final)).toEqual([]);
    expect(invisibleIn(final)).toEqual([]);
  });
});
