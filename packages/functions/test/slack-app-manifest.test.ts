import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLASH_COMMAND } from "../src/listeners/commands";

const manifest = readFileSync(new URL("../../../slack-app-manifest.yaml", import.meta.url), "utf8");

/** The items of a YAML list under `key:` (the manifest's simple block style). */
function listUnder(key: string): string[] {
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

describe("slack-app-manifest.yaml", () => {
  it("declares the command the app listens to, and one request URL for everything", () => {
    expect(manifest).toContain(`- command: ${SLASH_COMMAND}\n`);
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
    expect(urls).toEqual([
      "https://YOUR-API/slack/events",
      "https://YOUR-API/slack/events",
      "https://YOUR-API/slack/events",
    ]);
  });

  it("asks for the minimum bot scopes and subscribes to app_home_opened only", () => {
    expect(listUnder("    bot")).toEqual([
      "commands",
      "chat:write",
      "channels:history",
      "groups:history",
      "channels:read",
      "groups:read",
      "usergroups:read",
    ]);
    expect(listUnder("    bot_events")).toEqual(["app_home_opened"]);
  });

  it("has the Home tab on, the Messages tab off, interactivity on", () => {
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: false/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });
});
