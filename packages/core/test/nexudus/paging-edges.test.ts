import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNexudusClient } from "@nwh/core/nexudus";
import { afterEach, describe, expect, it } from "vitest";

/*
 * Answers the emulator does not give (it is consistent): a loopback peer that claims a next page for ever,
 * and one whose records shift between pages.
 */

const hook = (Id: number) => ({
  Id,
  BusinessId: 1,
  Name: `hook ${Id}`,
  Action: 6,
  URL: "https://x.example",
  Active: true,
  ErrorCount: 0,
});

/** An envelope that says only whether a next page exists (no totals): the walk goes page by page. */
function envelope(page: number, records: unknown[], hasNext: boolean) {
  return { Records: records, CurrentPage: page, HasNextPage: hasNext, HasPreviousPage: page > 1 };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/**
 * A peer answering each page after `delayMs`; `events` says when each page was asked for and answered. The
 * pages in `held` are answered only once every one of them has been asked for: what a slow peer would do,
 * without a race between its timer and the client's requests (a client that waits for one of them before
 * asking for the next is never answered, and its test times out).
 */
async function peer(
  pages: (page: number) => unknown,
  delayMs = 0,
  held: number[] = [],
): Promise<{ url: string; seen: number[]; events: string[] }> {
  const seen: number[] = [];
  const events: string[] = [];
  const waiting: Array<() => void> = [];
  server = createServer((req, res) => {
    const page = Number(new URL(req.url ?? "/", "http://peer").searchParams.get("page"));
    seen.push(page);
    events.push(`ask ${page}`);
    const answer = () =>
      setTimeout(() => {
        events.push(`answer ${page}`);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(pages(page)));
      }, delayMs);
    if (!held.includes(page)) return answer();
    waiting.push(answer);
    if (held.every((p) => seen.includes(p))) for (const release of waiting.splice(0)) release();
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, seen, events };
}

const client = (url: string) =>
  createNexudusClient({
    baseUrl: url,
    auth: { scheme: "basic", username: "u", password: "p-secret" },
    limiter: false,
  });

describe("searchAllWebhooks paging edges", () => {
  it("stops at an empty page even when HasNextPage says otherwise", async () => {
    // Prepare
    const { url, seen } = await peer((page) => envelope(page, page === 1 ? [hook(1), hook(2)] : [], true));

    // Act
    const { records: all } = await client(url).searchAllWebhooks({}, { pageSize: 2 });

    // Assess
    expect(all.map((w) => w.Id)).toEqual([1, 2]);
    expect(seen).toEqual([1, 2]);
  });

  it("drops a record repeated on the next page (records shifted while paging)", async () => {
    // Prepare
    const { url } = await peer((page) =>
      envelope(page, page === 1 ? [hook(1), hook(2)] : [hook(2), hook(3)], page === 1),
    );

    // Act
    const { records: all } = await client(url).searchAllWebhooks({}, { pageSize: 2 });

    // Assess
    expect(all.map((w) => w.Id)).toEqual([1, 2, 3]);
  });

  it("asks for every later page together once page 1 gives TotalPages", async () => {
    // Prepare: 4 pages of 2; pages 2–4 are answered once all three were asked for.
    const { url, events } = await peer(
      (page) => ({
        Records: [hook(page * 10 + 1), hook(page * 10 + 2)],
        CurrentPage: page,
        CurrentPageSize: 2,
        TotalItems: 8,
        TotalPages: 4,
        HasNextPage: page < 4,
        HasPreviousPage: page > 1,
      }),
      0,
      [2, 3, 4],
    );

    // Act
    const { records } = await client(url).searchAllWebhooks({}, { pageSize: 2 });

    // Assess: in order, and pages 2–4 were all asked for before page 2 was answered.
    expect(records.map((w) => w.Id)).toEqual([11, 12, 21, 22, 31, 32, 41, 42]);
    expect(events.indexOf("ask 4")).toBeLessThan(events.indexOf("answer 2"));
    expect(events.indexOf("ask 2")).toBeGreaterThan(events.indexOf("answer 1"));
  });

  it("goes page by page when only HasNextPage is known", async () => {
    // Prepare
    const { url, events } = await peer((page) => envelope(page, page <= 3 ? [hook(page)] : [], page < 3), 10);

    // Act
    const { records } = await client(url).searchAllWebhooks({}, { pageSize: 1 });

    // Assess
    expect(records.map((w) => w.Id)).toEqual([1, 2, 3]);
    expect(events).toEqual(["ask 1", "answer 1", "ask 2", "answer 2", "ask 3", "answer 3"]);
  });

  it("follows on page by page when the account grew past the pages page 1 announced", async () => {
    // Prepare: page 1 says 2 pages, page 2 then says there is a third.
    const { url } = await peer((page) => ({
      Records: page <= 3 ? [hook(page)] : [],
      TotalPages: 2,
      HasNextPage: page < 3,
    }));

    // Act
    const { records } = await client(url).searchAllWebhooks({}, { pageSize: 1 });

    // Assess
    expect(records.map((w) => w.Id)).toEqual([1, 2, 3]);
  });
});
