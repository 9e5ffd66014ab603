import { replaceEmojiShortcodes } from "./emoji-shortcodes";
import { formatSlackDate, type SlackDateOptions } from "./format-slack-date";
import { stripControlCharacters } from "./strip-control-characters";
import type { TerminalStyle } from "./terminal-style";

/** How mrkdwn is turned into terminal text. */
export interface MrkdwnOptions extends SlackDateOptions {
  style: TerminalStyle;
}

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&" };

/** Decodes Slack's three entities in one pass, so `&amp;lt;` stays the literal text `&lt;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: string) => ENTITIES[name]!);
}

// A formatting character followed by a zero-width joiner is how escaped text stops Slack pairing it.
const GUARD_JOINER = /([*_~`])\u200d/g;
// Slack pairs `*x*`, `_x_`, `~x~` within a line, not inside words, not around leading/trailing spaces.
// A guarded character (followed by a joiner) is ordinary text inside a span, so `*a *\u200db*` is one bold span.
const BOLD = /(^|[^\p{L}\p{N}*])\*(?!\s|\u200d|\*)((?:[^*\n]|\*\u200d)*?[^\s*])\*(?![\p{L}\p{N}*]|\u200d)/gu;
const ITALIC = /(^|[^\p{L}\p{N}_])_(?!\s|\u200d|_)((?:[^_\n]|_\u200d)*?[^\s_])_(?![\p{L}\p{N}_]|\u200d)/gu;
const STRIKE = /(^|[^\p{L}\p{N}~])~(?!\s|\u200d|~)((?:[^~\n]|~\u200d)*?[^\s~])~(?![\p{L}\p{N}~]|\u200d)/gu;

function renderToken(inner: string, options: MrkdwnOptions): string {
  const { style } = options;
  const bar = inner.indexOf("|");
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : decodeEntities(inner.slice(bar + 1));

  if (target.startsWith("@")) return style.bold(label ? `@${label.replace(/^@/, "")}` : target);
  if (target.startsWith("#")) return style.bold(label ? `#${label.replace(/^#/, "")}` : target);
  if (target.startsWith("!date^")) {
    const [, seconds, format] = target.split("^");
    const epoch = Number(seconds);
    if (seconds === undefined || format === undefined || !Number.isFinite(epoch)) return label ?? target;
    return formatSlackDate(epoch, decodeEntities(format), options);
  }
  if (target.startsWith("!subteam^")) return style.bold(label ?? `@${target.slice("!subteam^".length)}`);
  if (target === "!here" || target === "!channel" || target === "!everyone") {
    return style.bold(`@${target.slice(1)}`);
  }
  if (target.startsWith("!")) return label ?? target.slice(1);
  const url = decodeEntities(target);
  if (label === undefined || label === url) return style.underline(url);
  return `${style.underline(label)} ${style.dim(`(${url})`)}`;
}

/**
 * Renders Slack mrkdwn for a terminal: `*bold*`, `_italic_`, `~strike~`, `` `code` `` and fenced code,
 * `> quotes`, links as "label (url)", user and channel mentions, `<!date^…>` tokens as dates, emoji
 * shortcodes, and the entities `&lt;` `&gt;` `&amp;` as the characters they stand for. Escaped text stays
 * literal: `&lt;!channel&gt;` shows as the text `<!channel>`, not as a mention. Control characters are
 * removed first, so the text cannot drive the terminal.
 */
export function mrkdwnToTerminal(input: string, options: MrkdwnOptions): string {
  const { style } = options;
  // NUL cannot survive stripControlCharacters, so it safely marks where protected pieces go.
  const pieces: string[] = [];
  const protect = (rendered: string) => `\u0000${pieces.push(rendered) - 1}\u0000`;

  let text = stripControlCharacters(input);
  text = text.replace(/```\n?([\s\S]*?)\n?```/g, (_, body: string) =>
    protect(style.code(decodeEntities(body.replace(GUARD_JOINER, "$1")))),
  );
  text = text.replace(/`(?!\u200d)([^`\n]+)`/g, (_, body: string) =>
    protect(style.code(decodeEntities(body.replace(GUARD_JOINER, "$1")))),
  );
  text = text.replace(/<([^<>\n]*)>/g, (_, inner: string) => protect(renderToken(inner, options)));
  text = text.replace(/^&gt;\s?(.*)$/gm, (_, line: string) => style.dim(`│ ${line}`));
  text = text.replace(/^>\s?(.*)$/gm, (_, line: string) => style.dim(`│ ${line}`));
  text = text.replace(BOLD, (_, before: string, body: string) => `${before}${style.bold(body)}`);
  text = text.replace(ITALIC, (_, before: string, body: string) => `${before}${style.italic(body)}`);
  text = text.replace(STRIKE, (_, before: string, body: string) => `${before}${style.strike(body)}`);
  text = replaceEmojiShortcodes(text);
  text = decodeEntities(text.replace(GUARD_JOINER, "$1"));
  return text.replace(/\u0000(\d+)\u0000/g, (_, index: string) => pieces[Number(index)] ?? "");
}
