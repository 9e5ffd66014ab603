import { readFileSync } from "node:fs";
import { BOT_SCOPES } from "@nwh/core/slack";
import { describe, expect, it } from "vitest";

const read = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), "utf8");
const http = read("slack-app-manifest.yaml");
const socket = read("slack-app-manifest.socket-mode.yaml");

/** The items of a YAML list under `key:` (the manifests' simple block style). */
function listUnder(manifest: string, key: string): string[] {
  const start = manifest.indexOf(`${key}:\n`);
  const out: string[] = [];
  for (const line of manifest.slice(start + key.length + 2).split("\n")) {
    if (/^\s*#/.test(line)) continue;
    const item = /^\s+- ([\w:.]+)\s*$/.exec(line);
    if (!item) break;
    out.push(item[1]!);
  }
  return out;
}

describe("the Socket Mode manifest", () => {
  it("asks for the same scopes and events as the HTTP one, which are the scopes the setup check expects", () => {
    expect(listUnder(socket, "    bot")).toEqual(listUnder(http, "    bot"));
    expect(listUnder(socket, "    bot_events")).toEqual(listUnder(http, "    bot_events"));
    expect(listUnder(http, "    bot")).toEqual(BOT_SCOPES.map((s) => s.scope));
  });

  it("turns Socket Mode on, names no request URL, and says how to get the connections:write token", () => {
    expect(socket).toMatch(/^\s+socket_mode_enabled: true$/m);
    expect(http).toMatch(/^\s+socket_mode_enabled: false$/m);
    expect(socket).not.toMatch(/url:/);
    expect(socket).toContain("connections:write");
    expect(socket).toContain("SLACK_APP_TOKEN");
  });
});
