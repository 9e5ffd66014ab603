import { ACTION_IDS, decodeActionValue } from "@nwh/core/blocks";
import { NexudusTimeoutError } from "@nwh/core/nexudus";
import { parseCommand } from "@nwh/core/query";
import { deadlineAt } from "@nwh/core/time";
import { generateAccount } from "@nwh/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/service/execute-command";
import { OVERVIEW_PAGE_SIZE } from "../../src/service/load-overview";
import { business, DAY, iso, NOW, webhook } from "../digest/fixtures";
import { ADMIN, answerText, expectSafe, requestsTo, startService, textOf, USER } from "./support";

type Started = Awaited<ReturnType<typeof startService>>;

function buttonsOf(message: { blocks: unknown[] }): Array<{ action_id: string; value?: string }> {
  const out: Array<{ action_id: string; value?: string }> = [];
  for (const b of message.blocks as Array<{
    accessory?: { type: string; action_id: string };
    elements?: unknown[];
  }>) {
    if (b.accessory?.type === "button") out.push(b.accessory);
    for (const e of (b.elements ?? []) as Array<{ type: string; action_id: string }>)
      if (e.type === "button") out.push(e);
  }
  return out;
}

describe("runCommand against the emulator", () => {
  let s: Started;
  beforeEach(async () => {
    s = await startService();
  });
  afterEach(() => s.close());

  it("answers a bare /webhooks with the totals the account really has and the worst failing first", async () => {
    const hooks = s.emu.account.webhooks;
    const failing = hooks.filter((h) => h.ErrorCount >= 1).length;
    const disabled = hooks.filter((h) => !h.Active && h.ErrorCount >= 10).length;

    const message = await answerText("", s.deps, { viewer: USER });

    expectSafe(message);
    expect(message.text).toContain(`${failing} failing`);
    expect(message.text).toContain(`${disabled} disabled by Nexudus`);
    expect(message.text).toContain(`${hooks.length} in all`);
    // The most errors first; among equals, the longest without a success (never delivered first).
    const lastSuccess = (h: (typeof hooks)[number]) => (h.LastTrigger ? Date.parse(h.LastTrigger) : 0);
    const worst = [...hooks].sort(
      (a, b) => b.ErrorCount - a.ErrorCount || lastSuccess(a) - lastSuccess(b),
    )[0]!;
    const listed = textOf(message).slice(textOf(message).indexOf("Worst failing"));
    expect(listed.match(/#(\d+)/)?.[1]).toBe(String(worst.Id));
    expect(buttonsOf(message).some((b) => b.action_id === ACTION_IDS.runSearch)).toBe(true);
  });

  it("lists the overview's worst failing in the order `failing` shows them: errors, then longest without a success", async () => {
    // Prepare: eight webhooks tied on errors, the higher the id the older its last success, in an account
    // too large to be counted from one page (so the failing search brings the worst).
    const tied = Array.from({ length: 8 }, (_, i) =>
      webhook({ Id: 101 + i, BusinessId: 1, ErrorCount: 6, LastTrigger: iso(NOW - (i + 1) * DAY) }),
    );
    const healthy = Array.from({ length: OVERVIEW_PAGE_SIZE }, (_, i) =>
      webhook({ Id: 1001 + i, BusinessId: 1, ErrorCount: 0, LastError: null }),
    );
    const hooks = [...tied, ...healthy];
    const own = await startService({ account: { businesses: [business(1, "Downtown")], webhooks: hooks } });
    const detailIds = (message: { blocks: unknown[] }) =>
      buttonsOf(message)
        .filter((b) => b.action_id === ACTION_IDS.details)
        .map((b) => decodeActionValue(b.value ?? "")?.id);
    try {
      // Act
      const overview = await answerText("", own.deps, { viewer: USER });
      const failing = await answerText("failing", own.deps, { viewer: USER });

      // Assess
      expect(detailIds(overview)).toEqual([108, 107, 106, 105, 104]);
      expect(detailIds(failing).slice(0, 5)).toEqual(detailIds(overview));
    } finally {
      await own.close();
    }
  });

  it("searches failing webhooks, escaping the hostile name and redacting credentials", async () => {
    const message = await answerText("failing size:25", s.deps, { viewer: ADMIN });

    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("Kisi");
    const search = requestsTo(s.emu, "/sys/webhooks").at(-1)!;
    expect(search.query.from_WebHook_ErrorCount).toBe("1");
    // Admins get Pause buttons; a plain user does not.
    expect(buttonsOf(message).some((b) => b.action_id === ACTION_IDS.pause)).toBe(true);
    const forUser = await answerText("failing size:25", s.deps, { viewer: USER });
    expect(buttonsOf(forUser).some((b) => b.action_id === ACTION_IDS.pause)).toBe(false);
  });

  it("resolves a location by name through /sys/businesses and filters by its id", async () => {
    const message = await answerText('location:"downtown hub"', s.deps, { viewer: USER });

    expectSafe(message);
    const search = requestsTo(s.emu, "/sys/webhooks").at(-1)!;
    expect(search.query.WebHook_Business).toBe("1414900125");
  });

  it("answers an unknown location with an error naming it, without searching", async () => {
    const message = await answerText("location:Atlantis", s.deps, { viewer: USER });

    expectSafe(message);
    expect(textOf(message)).toContain("Atlantis");
    expect(requestsTo(s.emu, "/sys/webhooks")).toHaveLength(0);
  });

  it("applies exclusions after fetching every match and pages locally", async () => {
    const downtown = s.emu.account.webhooks.filter((h) => h.BusinessId === 1414900125).length;
    const total = s.emu.account.webhooks.length;

    const message = await answerText('all -location:"Downtown Hub" size:5 page:2', s.deps, {
      viewer: USER,
    });

    expectSafe(message);
    const text = textOf(message);
    expect(text).toContain(`*${total - downtown}* found`);
    expect(text).toContain("page 2 of");
    expect(text).toContain(`${downtown} left out by your exclusions`);
    // The title names the exclusion; no row is at Downtown Hub.
    expect(text).not.toMatch(/· {2}Downtown Hub\\n/);
    expect(text).toContain("Riverside Loft");
    expect(requestsTo(s.emu, "/sys/webhooks").at(-1)!.query.size).toBe("1000");
  });

  it("shows one webhook in full with its Description, and says so when the id is unknown", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.URL.includes("S3cr3t-pass"))!;

    const details = await answerText(`show ${hook.Id}`, s.deps, { viewer: USER });
    const missing = await answerText("show 999999", s.deps, { viewer: USER });

    expectSafe(details);
    expect(textOf(details)).toContain(hook.Description!);
    expect(textOf(details)).toContain("hooks.example-coworking.com");
    expectSafe(missing);
    expect(textOf(missing)).toContain("No webhook has the id 999999");
  });

  it("asks an admin to confirm a pause, without writing anything", async () => {
    const hook = s.emu.account.webhooks.find((h) => h.Active)!;

    const confirm = await answerText(`pause ${hook.Id}`, s.deps, { viewer: ADMIN });

    expectSafe(confirm);
    const pause = buttonsOf(confirm).find((b) => b.action_id === ACTION_IDS.pause)!;
    expect(decodeActionValue(pause.value)?.id).toBe(hook.Id);
    expect(s.emu.account.webhooks.find((h) => h.Id === hook.Id)!.Active).toBe(true);
    expect(requestsTo(s.emu, `/sys/webhooks/${hook.Id}`, "PUT")).toHaveLength(0);
  });

  it("answers help and query mistakes without calling Nexudus", async () => {
    const help = await answerText("help", s.deps, { viewer: USER });
    const typo = await answerText("actoin:BookingCreate <!channel>", s.deps, { viewer: USER });

    expectSafe(help);
    expectSafe(typo);
    expect(textOf(typo)).toContain("action:");
    expect(s.emu.requests).toHaveLength(0);
  });

  it("explains a search that cannot match once DIGEST_MIN_ERRORS and the time are known, without calling Nexudus", async () => {
    // Prepare: failing means 3+ errors here.
    const strict = { ...s.deps, config: { ...s.deps.config, minErrors: 3 } };

    // Act
    const errors = await answerText("failing errors:..2", strict, { viewer: USER });
    const dates = await answerText("stale triggered:<2d", strict, { viewer: USER });
    const fine = await answerText("failing errors:..5", strict, { viewer: USER });

    // Assess
    expectSafe(errors);
    expect(textOf(errors)).toContain("at least 3 errors");
    expect(textOf(dates)).toContain("that range is empty");
    expect(textOf(fine)).not.toContain("no webhook can match");
    expect(s.emu.requests.filter((r) => r.path.includes("/sys/webhooks"))).toHaveLength(1);
  });

  it("turns Nexudus 500s, bad credentials and timeouts into readable messages", async () => {
    s.emu.faults.sequence([500, 500, 500, 500]);
    const failed = await answerText("failing", s.deps, { viewer: USER });
    s.emu.faults.reset();
    s.emu.faults.setLatency(300);
    const clock = { now: () => Date.now() };
    const late = await answerText("failing", s.deps, {
      viewer: USER,
      deadline: deadlineAt(Date.now() + 100, clock),
    });

    for (const message of [failed, late]) {
      expectSafe(message);
      expect(textOf(message)).not.toMatch(/at \w+ \(|node:|\.ts:\d+/);
    }
    expect(textOf(failed)).toContain("Nexudus answered 500");
    expect(textOf(late)).toContain(new NexudusTimeoutError("/x", 1).userMessage);
  });

  it("runs a parsed command the same way as its text", async () => {
    const parsed = parseCommand("disabled");
    if (!parsed.ok) throw new Error("parse failed");

    const message = await runCommand(parsed.command, s.deps, { viewer: USER });

    expect(requestsTo(s.emu, "/sys/webhooks").at(-1)!.query.WebHook_Active).toBe("false");
    expectSafe(message);
  });
});

describe("runCommand with bad credentials or too many records", () => {
  it("explains refused credentials", async () => {
    const s = await startService();
    try {
      s.emu.credentials.password = "wrong";
      const { createNexudusClient } = await import("@nwh/core/nexudus");
      const client = createNexudusClient({
        baseUrl: s.emu.url,
        auth: { scheme: "bearer", username: s.emu.credentials.username, password: "not-the-password" },
        limiter: false,
      });
      const message = await answerText("failing", { ...s.deps, client }, { viewer: USER });

      expectSafe(message);
      expect(textOf(message)).toContain("refused the bot's credentials (its username or password)");
      expect(textOf(message)).toContain("NEXUDUS_PASSWORD");
      expect(JSON.stringify(message)).not.toContain("not-the-password");
    } finally {
      await s.close();
    }
  });

  it("refuses an exclusion search over the record bound with a clear message", async () => {
    const s = await startService({ account: generateAccount({ webhooks: 5001, locations: 2, seed: 7 }) });
    try {
      const message = await answerText("all -name:zapier", s.deps, { viewer: USER });

      expectSafe(message);
      expect(textOf(message)).toContain("5,001");
      expect(textOf(message)).toContain("5,000");
    } finally {
      await s.close();
    }
  });
});
