import { resultsMessage } from "@nwh/core/blocks";
import type { WebhookRecord } from "@nwh/core/nexudus";
import { describe, expect, it } from "vitest";
import { blockActionsBody } from "../src/block-actions-body";
import { blockKitBuilderUrl } from "../src/block-kit-builder-url";
import { renderMessage } from "../src/render-message";

/** 2025-03-10 08:00 UTC */
const NOW = Date.parse("2025-03-10T08:00:00Z");
const PLAIN = { color: false, now: NOW, timeZone: "UTC" } as const;
const COLOR = { color: true, now: NOW, timeZone: "UTC" } as const;
const ESC = "\x1b";

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plainText = (text: string) => ({ type: "plain_text", text });
const section = (text: string) => ({ type: "section", text: mrkdwn(text) });
const render = (text: string, options: { color: boolean } = PLAIN) =>
  renderMessage({ blocks: [section(text)] }, { ...PLAIN, ...options }).text;

describe("renderMessage: mrkdwn", () => {
  it("shows escaped text literally: an escaped <!channel> is text, not a mention", () => {
    // Prepare: what a builder writes for a webhook named `<!channel> & <b>`
    const text = "Name: &lt;!channel&gt; &amp; &lt;b&gt;";

    // Act
    const out = render(text);

    // Assess
    expect(out).toBe("Name: <!channel> & <b>");
  });

  it("decodes entities once, so an escaped entity stays an entity", () => {
    expect(render("&amp;lt; and &amp;amp;")).toBe("&lt; and &amp;");
  });

  it("shows a real mention as a mention, and user and channel references by name", () => {
    expect(render("<!channel> <!here> <@U0123ABC> <#C0123|ops> <#C0456> <!subteam^S1|@oncall>")).toBe(
      "@channel @here @U0123ABC #ops #C0456 @oncall",
    );
  });

  it('shows links as "label (url)", bare links as the url, and decodes entities in both', () => {
    expect(render("<https://example.com/a?b=1&amp;c=2|Zapier &amp; co> <https://example.com/x>")).toBe(
      "Zapier & co (https://example.com/a?b=1&c=2) https://example.com/x",
    );
  });

  it("does not let underscores in a URL turn into italics", () => {
    expect(render("<https://x.example/a_b_c|link_label> _real_", COLOR)).toBe(
      `${ESC}[4mlink_label${ESC}[24m ${ESC}[2m(https://x.example/a_b_c)${ESC}[22m ${ESC}[3mreal${ESC}[23m`,
    );
  });

  it("renders date tokens as dates in the reader's zone, with the fallback for a malformed one", () => {
    // 2025-03-10 06:30:15 UTC, just under 1.5 hours before NOW
    const seconds = Date.parse("2025-03-10T06:30:15Z") / 1000;

    const out = render(
      [
        `<!date^${seconds}^{date_num} {time}|x>`,
        `<!date^${seconds}^{date_short_pretty} at {time_secs}|x>`,
        `<!date^${seconds}^{date_long}|x>`,
        `<!date^${seconds}^{ago}|x>`,
        `<!date^${seconds - 86_400}^{date_pretty}|x>`,
        `<!date^${seconds - 7 * 86_400}^{date_short_pretty}|x>`,
        "<!date^notanumber^{date}|2025-03-10 06:30 UTC>",
      ].join("\n"),
    );

    expect(out.split("\n")).toEqual([
      "2025-03-10 06:30",
      "today at 06:30:15",
      "Monday, March 10th, 2025",
      "1 hour ago",
      "yesterday",
      "Mar 3, 2025",
      "2025-03-10 06:30 UTC",
    ]);
  });

  it("uses the given time zone for dates", () => {
    const seconds = Date.parse("2025-03-10T23:30:00Z") / 1000;
    const out = renderMessage(
      { blocks: [section(`<!date^${seconds}^{date_num} {time}|x>`)] },
      { ...PLAIN, timeZone: "Asia/Tokyo" },
    );
    expect(out.text).toBe("2025-03-11 08:30");
  });

  it("applies bold, italic, strike and code with ANSI only when colour is on", () => {
    const text = "*bold* _it_ ~gone~ `a&lt;b` and ```block *not bold*```";

    expect(render(text)).toBe("bold it gone a<b and block *not bold*");
    expect(render(text, COLOR)).toBe(
      `${ESC}[1mbold${ESC}[22m ${ESC}[3mit${ESC}[23m ${ESC}[9mgone${ESC}[29m ${ESC}[36ma<b${ESC}[39m and ${ESC}[36mblock *not bold*${ESC}[39m`,
    );
  });

  it("keeps formatting characters literal when escaped text guards them, and inside words", () => {
    // escapeMrkdwnLiteral puts a zero-width joiner after each formatting character
    const guarded = "*\u200durgent*\u200d _\u200dx_\u200d";

    expect(render(guarded, COLOR)).toBe("*urgent* _x_");
    expect(render("a*b*c snake_case_name 2*3*4", COLOR)).toBe("a*b*c snake_case_name 2*3*4");
    // A bold name holding guarded asterisks is bold as a whole
    expect(render("*&lt;b&gt; *\u200dx*\u200d y*", COLOR)).toBe(`${ESC}[1m<b> *x* y${ESC}[22m`);
  });

  it("removes terminal control sequences from the text, keeping the visible characters", () => {
    const hostile = `evil${ESC}[2J${ESC}]0;title\x07name\u202etxt.exe\r`;

    const out = render(hostile, COLOR);

    expect(out).not.toContain(ESC);
    expect(out).not.toContain("\x07");
    expect(out).not.toContain("\u202e");
    expect(out).not.toContain("\r");
    expect(out).toBe("evil[2J]0;titlenametxt.exe");
  });

  it("turns known emoji shortcodes into emoji and leaves unknown ones and times alone", () => {
    expect(render(":red_circle: :warning: :not_an_emoji: at 10:30:45")).toBe(
      "🔴 ⚠️ :not_an_emoji: at 10:30:45",
    );
  });

  it("shows quotes with a bar", () => {
    expect(render("intro\n&gt; quoted line")).toBe("intro\n│ quoted line");
  });
});

describe("renderMessage: blocks and buttons", () => {
  const confirm = {
    title: plainText("Pause Zapier?"),
    text: plainText("It stops receiving events."),
    confirm: plainText("Pause"),
    deny: plainText("Cancel"),
  };
  const message = {
    text: "fallback",
    blocks: [
      { type: "header", text: plainText("Failing webhooks :red_circle:") },
      {
        type: "section",
        block_id: "row_1",
        text: mrkdwn("*Zapier*  ▰▰▰▰▰▰▰▱▱▱ 7/10"),
        accessory: {
          type: "button",
          text: plainText("Details"),
          action_id: "webhooks_details",
          value: '{"id":1}',
        },
      },
      { type: "section", fields: [mrkdwn("*Action*\nBookingCreate"), mrkdwn("*Location*\nDowntown")] },
      { type: "divider" },
      {
        type: "actions",
        block_id: "footer",
        elements: [
          {
            type: "button",
            text: plainText("Pause"),
            style: "danger",
            action_id: "webhooks_pause",
            value: '{"id":1}',
            confirm,
          },
          {
            type: "button",
            text: plainText("Next ▶"),
            style: "primary",
            action_id: "webhooks_page_next",
            value: "n",
          },
          { type: "button", text: plainText("Docs"), action_id: "docs", url: "https://docs.example/" },
        ],
      },
      {
        type: "context",
        elements: [mrkdwn("As of *now*"), { type: "image", image_url: "x", alt_text: "logo" }],
      },
    ],
  };

  it("renders header, section, fields, divider, buttons and context in order, numbering the buttons", () => {
    const out = renderMessage(message, PLAIN);

    expect(out.text).toBe(
      [
        "Failing webhooks 🔴",
        "Zapier  ▰▰▰▰▰▰▰▱▱▱ 7/10",
        "[b1] Details",
        "",
        "  Action  BookingCreate",
        "  Location  Downtown",
        "─".repeat(40),
        "[b2] Pause  [b3] Next ▶  [b4] Docs (https://docs.example/)",
        "As of now  [logo]",
      ].join("\n"),
    );
  });

  it("returns each button with what a click must send, including its confirm dialog", () => {
    const { buttons } = renderMessage(message, PLAIN);

    expect(buttons).toEqual([
      { number: 1, text: "Details", actionId: "webhooks_details", blockId: "row_1", value: '{"id":1}' },
      {
        number: 2,
        text: "Pause",
        actionId: "webhooks_pause",
        blockId: "footer",
        value: '{"id":1}',
        style: "danger",
        confirm: {
          title: "Pause Zapier?",
          text: "It stops receiving events.",
          confirm: "Pause",
          deny: "Cancel",
        },
      },
      {
        number: 3,
        text: "Next ▶",
        actionId: "webhooks_page_next",
        blockId: "footer",
        value: "n",
        style: "primary",
      },
      { number: 4, text: "Docs", actionId: "docs", blockId: "footer", url: "https://docs.example/" },
    ]);
  });

  it("continues numbering from firstButton, so several messages of one answer share one count", () => {
    const out = renderMessage(message, { ...PLAIN, firstButton: 5 });

    expect(out.buttons.map((b) => b.number)).toEqual([5, 6, 7, 8]);
    expect(out.text).toContain("[b6] Pause  [b7] Next ▶");
  });

  it("colours buttons by style, the header bold and the context dim", () => {
    const out = renderMessage(message, COLOR).text.split("\n");

    expect(out[0]).toBe(`${ESC}[1mFailing webhooks 🔴${ESC}[22m`);
    expect(out[7]).toContain(`${ESC}[36m[b2]${ESC}[39m ${ESC}[31mPause${ESC}[39m`);
    expect(out[7]).toContain(`${ESC}[36m[b3]${ESC}[39m ${ESC}[32mNext ▶${ESC}[39m`);
    expect(out[8]?.startsWith(`${ESC}[2m`)).toBe(true);
  });

  it("labels buttons b1, b2…, so a button is never mistaken for a webhook id", () => {
    const out = renderMessage(message, PLAIN);

    expect(out.text).toMatch(/^\[b1\] Details$/m);
    expect(out.text).not.toMatch(/\[\d+\]/);
  });

  it("draws a row menu (overflow) with each option as a button of its own, sent as the chosen option", () => {
    const menu = {
      blocks: [
        {
          type: "section",
          block_id: "row_9",
          text: mrkdwn("*Zapier*"),
          accessory: {
            type: "overflow",
            action_id: "webhooks_row_menu",
            options: [
              { text: plainText("Details"), value: '{"c":"details","id":9}' },
              { text: plainText("Pause…"), value: '{"c":"pause","id":9}' },
            ],
          },
        },
      ],
    };

    const out = renderMessage(menu, { ...PLAIN, firstButton: 3 });

    expect(out.text).toBe("Zapier\n⋯ [b3] Details  [b4] Pause…");
    expect(out.buttons).toEqual([
      {
        number: 3,
        text: "Details",
        actionId: "webhooks_row_menu",
        blockId: "row_9",
        value: '{"c":"details","id":9}',
        menu: "overflow",
      },
      {
        number: 4,
        text: "Pause…",
        actionId: "webhooks_row_menu",
        blockId: "row_9",
        value: '{"c":"pause","id":9}',
        menu: "overflow",
      },
    ]);
  });

  it("draws a select menu by its placeholder with each option clickable, sent as Slack sends a static_select", () => {
    // Prepare: an incident's actions, a select menu of snooze lengths after a button.
    const message = {
      blocks: [
        {
          type: "actions",
          block_id: "incident_actions",
          elements: [
            { type: "button", action_id: "incident_ack", text: plainText("Acknowledge"), value: "a" },
            {
              type: "static_select",
              action_id: "incident_snooze",
              placeholder: plainText("Snooze…"),
              options: [
                { text: plainText("1 h"), value: '{"i":"x","h":1}' },
                { text: plainText("4 h"), value: '{"i":"x","h":4}' },
              ],
            },
          ],
        },
      ],
    };

    // Act
    const out = renderMessage(message, PLAIN);
    const body = blockActionsBody(
      out.buttons[2]!,
      { kind: "message", channelId: "CLOCAL0001", ts: "1.000001", ephemeral: false, message },
      "http://127.0.0.1/respond",
      NOW,
    );

    // Assess: labelled like a row menu's options; the click is the select's action with the option chosen.
    expect(out.text).toBe("[b1] Acknowledge  Snooze: [b2] 1 h  [b3] 4 h");
    const payload = JSON.parse(new URLSearchParams(body).get("payload")!);
    const chosen = { text: { type: "plain_text", text: "4 h", emoji: true }, value: '{"i":"x","h":4}' };
    expect(payload.actions).toEqual([
      {
        action_id: "incident_snooze",
        block_id: "incident_actions",
        type: "static_select",
        selected_option: chosen,
        placeholder: { type: "plain_text", text: "Snooze…", emoji: true },
        action_ts: (NOW / 1000).toFixed(6),
      },
    ]);
    expect(payload.state.values).toEqual({
      incident_actions: { incident_snooze: { type: "static_select", selected_option: chosen } },
    });
  });

  it("decodes the three entities in plain_text too, as Slack does, and nothing else", () => {
    const out = renderMessage(
      { blocks: [{ type: "header", text: plainText("&lt;!channel&gt; &amp; *not bold* &quot;") }] },
      COLOR,
    );

    expect(out.text).toBe(`${ESC}[1m<!channel> & *not bold* &quot;${ESC}[22m`);
  });

  it("shows the fallback text when there are no blocks", () => {
    expect(renderMessage({ text: "Searching &amp; *waiting*…" }, PLAIN)).toEqual({
      text: "Searching & waiting…",
      buttons: [],
    });
  });

  it("names blocks it cannot draw instead of failing on them", () => {
    const out = renderMessage(
      { blocks: [{ type: "input" }, null, { type: "image", alt_text: "chart" }] },
      PLAIN,
    );

    expect(out.text).toBe("[input block]\n[unknown block]\n[image: chart]");
  });

  it("renders a real results message with a hostile webhook name literally, without a ping", () => {
    // Prepare: a record whose name tries a broadcast, a forged link and formatting
    const hostile: WebhookRecord = {
      Id: 87654325,
      BusinessId: 1001,
      Name: "<!channel> *urgent* <https://evil.example|click> & `code`",
      Action: 16,
      URL: "https://hooks.example.com/in",
      Active: true,
      ErrorCount: 7,
      LastError: "401 <!here> Unauthorized",
      LastTrigger: "2025-03-09T08:00:00Z",
      CreatedOn: "2024-12-01T00:00:00Z",
      UpdatedOn: "2025-01-02T00:00:00Z",
    } as WebhookRecord;
    const built = resultsMessage(
      {
        kind: "results",
        query: "failing",
        title: "failing webhooks",
        records: [hostile],
        page: 1,
        size: 5,
        totalItems: 1,
        totalPages: 1,
        locations: new Map([[1001, "Downtown Hub"]]),
        now: NOW,
      },
      { userId: "U0ADMIN", isAdmin: true },
    );

    // Act
    const out = renderMessage(built, PLAIN);

    // Assess: the name shows as typed, and no mention or link was made of it
    expect(out.text).toContain("<!channel> *urgent* <");
    expect(out.text).toContain("|click> & `code`");
    expect(out.text).toContain("<!here>");
    expect(out.text).not.toContain("@channel");
    expect(out.text).not.toContain("@here");
    expect(out.text).not.toContain("click (https://evil.example)");
    expect(out.text).toContain("7/10");
    expect(out.buttons.map((b) => b.actionId)).toEqual(
      expect.arrayContaining(["webhooks_details", "webhooks_pause", "webhooks_share"]),
    );
    expect(out.buttons.map((b) => b.number)).toEqual(out.buttons.map((_, i) => i + 1));
  });
});

describe("blockKitBuilderUrl", () => {
  it("puts the blocks in the fragment as encoded JSON", () => {
    const blocks = [section("a & b <x|y> #1")];

    const url = blockKitBuilderUrl({ text: "t", blocks });

    expect(url.startsWith("https://app.slack.com/block-kit-builder#")).toBe(true);
    const fragment = url.slice(url.indexOf("#") + 1);
    expect(fragment).not.toMatch(/[ #&<>|]/);
    expect(JSON.parse(decodeURIComponent(fragment))).toEqual({ blocks });
  });

  it("turns a text-only message into one section", () => {
    const url = blockKitBuilderUrl({ text: "only *text*" });

    expect(JSON.parse(decodeURIComponent(url.split("#")[1]!))).toEqual({
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "only *text*" } }],
    });
  });
});
