import type { Incident } from "@nwh/core/alerts";
import { parseConfig } from "@nwh/core/config";
import { type LocalTable, startLocalTable } from "@nwh/dynamo-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamoAlertStore } from "../../src/store/dynamo-alert-store";
import { tableClient, tableLocationOf } from "../../src/store/dynamo-store";

/* The incidents' adapter over HTTP against dynalite: the conditions that make the buttons write once. */

let table: LocalTable;
beforeAll(async () => {
  table = await startLocalTable();
});
afterAll(() => table.close());

const NOW = 1_800_000_000_000;
const clock = { now: () => NOW };

/** The store as one Lambda environment builds it (its own client), on the shared table. */
function environment() {
  const config = parseConfig({
    SLACK_SIGNING_SECRET: "s",
    SLACK_BOT_TOKEN: "xoxb-x",
    NEXUDUS_USERNAME: "u",
    NEXUDUS_PASSWORD: "p",
    APP_TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
  });
  return dynamoAlertStore(tableClient(tableLocationOf(config)), clock);
}

let seq = 0;
function incident(overrides: Partial<Incident> = {}): Incident {
  seq += 1;
  return {
    id: `abcdef${String(seq).padStart(6, "0")}`,
    channel: "C0ALERTS01",
    mention: ["S0ONCALL01"],
    causeKey: "hooks.example.test 401",
    host: "hooks.example.test",
    error: "(401) Unauthorized",
    openedAt: NOW,
    state: "failing",
    members: {
      "7": { id: 7, name: "Zap", businessId: 1, errors: 3, state: "failing", since: NOW },
    },
    post: { lines: 0, ts: "1800000000.000100" },
    flags: {},
    version: 0,
    ...overrides,
  };
}

describe("incidents in the table", () => {
  it("saves with a version: a second writer from the same version loses, and the flags survive the watch's writes", async () => {
    // Prepare
    const [watch, button] = [environment(), environment()];
    const saved = incident();
    const v1 = await watch.saveIncident(saved);

    // Act: a button acknowledges; the watch writes again from v1; a stale writer from v0 tries.
    const ack = await button.setFlags(saved.id, { ackBy: "U0USER0001", ackAt: NOW }, "unset");
    const v2 = await watch.saveIncident({ ...saved, version: v1!, state: "at-risk" });
    const stale = await watch.saveIncident({ ...saved, version: 0, state: "disabled" });
    const read = await button.incident(saved.id);

    // Assess
    expect([v1, v2, stale]).toEqual([1, 2, undefined]);
    expect(ack.status).toBe("written");
    expect(read).toMatchObject({ state: "at-risk", version: 2, flags: { ackBy: "U0USER0001" } });
    expect(await watch.openIncidents()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: saved.id })]),
    );
  });

  it("of ten Acknowledge clicks at once from ten environments, one writes; the others are told who did", async () => {
    const saved = incident();
    await environment().saveIncident(saved);

    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        environment().setFlags(saved.id, { ackBy: `U0USER000${i}`, ackAt: NOW + i }, "unset"),
      ),
    );

    const written = writes.filter((w) => w.status === "written");
    expect(written).toHaveLength(1);
    const winner = (written[0] as { incident: Incident }).incident.flags.ackBy;
    for (const w of writes.filter((x) => x.status !== "written")) {
      expect(w).toMatchObject({ status: "unchanged", incident: { flags: { ackBy: winner } } });
    }
  });

  it("a snooze within a minute of the same end is the same snooze; a longer one moves it", async () => {
    const store = environment();
    const saved = incident();
    await store.saveIncident(saved);
    const hour = 3_600_000;

    const first = await store.setFlags(saved.id, { snoozedBy: "U0A", snoozedUntil: NOW + hour }, "moved");
    const again = await store.setFlags(
      saved.id,
      { snoozedBy: "U0A", snoozedUntil: NOW + hour + 30_000 },
      "moved",
    );
    const longer = await store.setFlags(
      saved.id,
      { snoozedBy: "U0B", snoozedUntil: NOW + 4 * hour },
      "moved",
    );

    expect([first.status, again.status, longer.status]).toEqual(["written", "unchanged", "written"]);
    expect((await store.incident(saved.id))?.flags).toMatchObject({
      snoozedBy: "U0B",
      snoozedUntil: NOW + 4 * hour,
    });
  });

  it("a Resume's flags are written at every Resume (the last one wins), and the counts' read time is kept", async () => {
    const store = environment();
    const saved = incident({ readAt: NOW - 60_000 });
    await store.saveIncident(saved);

    const first = await store.setFlags(saved.id, { resumedBy: "U0A", resumedAt: NOW }, "always");
    const second = await store.setFlags(saved.id, { resumedBy: "U0B", resumedAt: NOW + 1 }, "always");

    expect([first.status, second.status]).toEqual(["written", "written"]);
    const read = await environment().incident(saved.id);
    expect(read?.flags).toEqual({ resumedBy: "U0B", resumedAt: NOW + 1 });
    expect(read?.readAt).toBe(NOW - 60_000);
  });

  it("writes no flag on a closed incident or one that does not exist, and closed ones leave the open list", async () => {
    const store = environment();
    const saved = incident();
    const v1 = await store.saveIncident(saved);
    await store.saveIncident({ ...saved, version: v1!, closedAt: NOW, closedAs: "recovered" });

    const closed = await store.setFlags(saved.id, { ackBy: "U0A", ackAt: NOW }, "unset");
    const missing = await store.setFlags("ffffffffffff", { ackBy: "U0A", ackAt: NOW }, "unset");

    expect(closed.status).toBe("closed");
    expect(missing.status).toBe("missing");
    expect((await store.openIncidents()).map((i) => i.id)).not.toContain(saved.id);
  });

  it("mutes a webhook once, lists it, and unmutes it once", async () => {
    const [a, b] = [environment(), environment()];

    const mutes = await Promise.all([
      a.mute({ webhookId: 4242, name: "Zap", by: "U0A", at: NOW }),
      b.mute({ webhookId: 4242, name: "Zap", by: "U0B", at: NOW }),
    ]);
    const listed = await a.mutes();
    const unmutes = [await a.unmute(4242), await b.unmute(4242)];

    expect(mutes.filter(Boolean)).toHaveLength(1);
    expect(listed.filter((m) => m.webhookId === 4242)).toHaveLength(1);
    expect(unmutes).toEqual([true, false]);
    expect((await b.mutes()).some((m) => m.webhookId === 4242)).toBe(false);
  });

  it("keeps the watch's own state", async () => {
    const store = environment();
    const state = {
      failures: 1,
      folds: { C0ALERTS01: { ts: "1.2", count: 3 } },
      initialisedAt: NOW,
      refused: {
        C0ARCHIVED: {
          error: "is_archived",
          since: NOW,
          retryAt: NOW + 1,
          routing: "",
          said: false,
          noticeTriedAt: NOW,
        },
      },
      summaries: { C0ARCHIVED: { triedAt: NOW } },
    };

    await store.saveWatchState(state);

    expect(await environment().watchState()).toEqual(state);
  });
});
