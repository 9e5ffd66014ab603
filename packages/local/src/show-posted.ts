import type { SlackStub } from "@nwh/slack-stub";
import { blockKitBuilderUrl } from "./block-kit-builder-url";
import { renderMessage } from "./render-message";
import { stripControlCharacters } from "./strip-control-characters";
import type { TerminalStyle } from "./terminal-style";

/** Methods whose message a one-shot command shows. */
const SHOWN = new Set(["chat.postMessage", "chat.update"]);

/**
 * Renders what a one-shot run (`npm run digest`, `npm run watch`) posted to the embedded Slack stub, with
 * where each message went (a channel, a thread, an update in place) and its Block Kit Builder link.
 */
export function showPosted(stub: SlackStub | undefined, style: TerminalStyle, log = console.log): void {
  for (const call of stub?.calls ?? []) {
    if (!SHOWN.has(call.method) || call.status !== 200) continue;
    const channel = `#${stripControlCharacters(String(call.args.channel))}`;
    const where =
      call.method === "chat.update"
        ? `${channel} · updated in place`
        : `${channel}${call.args.thread_ts ? " · in a thread" : ""}`;
    const rendered = renderMessage(call.args, { color: style.color });
    log(`${style.dim(`── ${call.method} → ${where} ──`)}\n${rendered.text}`);
    const blocks = Array.isArray(call.args.blocks) ? call.args.blocks : undefined;
    const text = typeof call.args.text === "string" ? call.args.text : undefined;
    log(`${style.dim(`Block Kit Builder: ${blockKitBuilderUrl({ text, blocks })}`)}\n`);
  }
}
