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

function envelope(page: number, records: unknown[], hasNext: boolean) {
  return {
    Records: records,
    CurrentPage: page,
    CurrentPageSize: 2,
    FirstItem: 1,
    LastItem: records.length,
    TotalItems: 99,
    TotalPages: 50,
    HasNextPage: hasNext,
    HasPreviousPage: page > 1,
  };
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function peer(pages: (page: number) => unknown): Promise<{ url: string; seen: number[] }> {
  const seen: number[] = [];
  server = createServer((req, res) => {
    const page = Number(new URL(req.url ?? "/", "http://peer").searchParams.get("page"));
    seen.push(page);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(pages(page)));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, seen };
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
});
