import { readFileSync } from "node:fs";
import { BOT_SCOPES } from "@nwh/core/slack";
import { describe, expect, it } from "vitest";
import { SLASH_COMMAND } from "../src/listeners/commands";

const read = (name: string) => readFileSync(new URL(`../../../${name}`, import.meta.url), "utf8");
const manifest = read("slack-app-manifest.yaml");
const socketManifest = read("slack-app-manifest.socket-mode.yaml");

/** The items of a YAML list under `key:` (the manifests' simple block style). */
function listUnder(key: string, text = manifest): string[] {
  const start = text.indexOf(`${key}:\n`);
  const out: string[] = [];
  for (const line of text.slice(start + key.length + 2).split("\n")) {
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

  it("asks for the minimum bot scopes and subscribes to app_home_opened and member_joined_channel only", () => {
    expect(listUnder("    bot")).toEqual([
      "commands",
      "chat:write",
      "channels:history",
      "groups:history",
      "channels:read",
      "groups:read",
      "usergroups:read",
    ]);
    expect(listUnder("    bot_events")).toEqual(["app_home_opened", "member_joined_channel"]);
  });

  it("has the Home tab on, the Messages tab off, interactivity on", () => {
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_enabled: false/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
  });
});

describe("slack-app-manifest.socket-mode.yaml", () => {
  it("asks for the same scopes and events as the HTTP one, which are the scopes the setup check expects", () => {
    expect(listUnder("    bot", socketManifest)).toEqual(listUnder("    bot"));
    expect(listUnder("    bot_events", socketManifest)).toEqual(listUnder("    bot_events"));
    expect(listUnder("    bot")).toEqual(BOT_SCOPES.map((s) => s.scope));
  });

  it("turns Socket Mode on, names no request URL, and says how to get the connections:write token", () => {
    expect(socketManifest).toMatch(/^\s+socket_mode_enabled: true$/m);
    expect(manifest).toMatch(/^\s+socket_mode_enabled: false$/m);
    expect(socketManifest).not.toMatch(/url:/);
    expect(socketManifest).toContain("connections:write");
    expect(socketManifest).toContain("SLACK_APP_TOKEN");
  });
});
