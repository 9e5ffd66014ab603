import type { SlackStub } from "@nwh/slack-stub";
import { writeBuilderLinks } from "./builder-links-file";
import { renderMessage } from "./render-message";
import { stripControlCharacters } from "./strip-control-characters";
import type { TerminalStyle } from "./terminal-style";

/** Methods whose message a one-shot command shows. */
const SHOWN = new Set(["chat.postMessage", "chat.update"]);

/**
 * Renders what a one-shot run (`npm run digest`, `npm run watch`) posted to the embedded Slack stub (a
 * failed run may still have posted its warning), each message numbered with where it went (a channel, a
 * thread, an update in place); their Block Kit Builder links go to one local file, named once.
 */
export async function showPosted(
  stub: SlackStub | undefined,
  style: TerminalStyle,
  log: (line: string) => void = console.log,
): Promise<void> {
  const posted: Array<{ label: string; message: { text?: string; blocks?: unknown[] } }> = [];
  for (const call of stub?.calls ?? []) {
    if (!SHOWN.has(call.method) || call.status !== 200) continue;
    const channel = `#${stripControlCharacters(String(call.args.channel))}`;
    const where =
      call.method === "chat.update"
        ? `${channel} · updated in place`
        : `${channel}${call.args.thread_ts ? " · in a thread" : ""}`;
    const label = `${call.method} → ${where}`;
    const rendered = renderMessage(call.args, { color: style.color });
    log(`${style.dim(`── ${posted.length + 1}. ${label} ──`)}\n${rendered.text}\n`);
    const blocks = Array.isArray(call.args.blocks) ? call.args.blocks : undefined;
    const text = typeof call.args.text === "string" ? call.args.text : undefined;
    posted.push({
      label,
      message: { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) },
    });
  }
  if (posted.length === 0) return;
  const file = await writeBuilderLinks(posted).catch(() => undefined);
  if (file) log(style.dim(`Block Kit Builder: open ${file} for a link to each message.`));
}
