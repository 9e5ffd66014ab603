import { FORM_BLOCKS } from "@nwh/core/subscriptions";
import { stripControlCharacters } from "./strip-control-characters";

/*
 * A form (`views.open`) as the terminal shows it. Local mode cannot fill in a modal, so rather than let a
 * click on Add subscription or Edit do nothing visible, it prints the form's fields as they would open and
 * the command that does the same from the prompt.
 */

interface Option {
  value?: unknown;
  text?: { text?: unknown };
}

interface InputBlock {
  type?: unknown;
  block_id?: unknown;
  label?: { text?: unknown };
  optional?: unknown;
  element?: {
    type?: unknown;
    initial_value?: unknown;
    initial_conversation?: unknown;
    initial_time?: unknown;
    initial_options?: Option[];
    initial_users?: unknown[];
  };
}

/** A modal's fields, each with what it starts with. */
interface Field {
  blockId: string;
  label: string;
  shown: string;
  /** The values (option values, user ids, a channel id) behind `shown`. */
  values: string[];
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

function fieldOf(block: InputBlock, channelLabel: (id: string) => string): Field | undefined {
  if (block.type !== "input" || !block.element) return undefined;
  const e = block.element;
  const options = Array.isArray(e.initial_options) ? e.initial_options : [];
  const users = Array.isArray(e.initial_users) ? e.initial_users.map(str).filter(Boolean) : [];
  const channel = str(e.initial_conversation);
  const values = channel
    ? [channel]
    : options.length > 0
      ? options.map((o) => str(o.value))
      : users.length > 0
        ? users
        : [str(e.initial_value) || str(e.initial_time)].filter(Boolean);
  const shown = channel
    ? channelLabel(channel)
    : options.length > 0
      ? options.map((o) => str(o.text?.text)).join(", ")
      : users.length > 0
        ? users.map((u) => `@${u}`).join(", ")
        : values.join("");
  const empty = block.optional === true ? "(optional, empty)" : "(empty)";
  return {
    blockId: str(block.block_id),
    label: str(block.label?.text),
    shown: shown || empty,
    values,
  };
}

/** The subscription form's `block_id`s, as Slack sends them back. */
const BLOCK = FORM_BLOCKS;

/** The `subscribe` command the subscription form stands for, from its fields' values. */
function subscribeCommand(fields: readonly Field[], channelLabel: (id: string) => string): string {
  const of = (id: string) => fields.find((f) => f.blockId === id)?.values ?? [];
  const channel = of(BLOCK.channel)[0];
  const kinds = of(BLOCK.kinds);
  const both = kinds.includes("alerts") && kinds.includes("digest");
  // A group by its id (`S…`, the part before `|`): the parser refuses a typed `@handle`, as Slack would
  // not have resolved it.
  const mentions = [...of(BLOCK.groups).map((v) => v.split("|")[0] ?? v), ...of(BLOCK.users)];
  // The digest's time and zone only when it takes the digest: `at:` is refused on an alerts-only one.
  const digest = kinds.length === 0 || kinds.includes("digest");
  const parts = [
    channel ? channelLabel(channel) : "#ops",
    "subscribe",
    of(BLOCK.query)[0] || "failing",
    ...(both ? [] : kinds),
    ...(digest ? of(BLOCK.at).map((at) => `at:${at}`) : []),
    ...(digest ? of(BLOCK.timeZone).map((tz) => `tz:${tz}`) : []),
    ...(mentions.length > 0 ? [`mention:${mentions.join(",")}`] : []),
  ];
  return parts.join(" ");
}

/**
 * The lines that show a modal opened with `views.open`: its title, each field with what it starts with,
 * and, for the subscription form, the equivalent command to type (`#ops subscribe failing at:08:30 …`).
 */
export function describeModal(view: unknown, channelLabel: (id: string) => string): string {
  const v = (typeof view === "object" && view !== null ? view : {}) as {
    title?: { text?: unknown };
    blocks?: unknown;
    private_metadata?: unknown;
  };
  const blocks = Array.isArray(v.blocks) ? (v.blocks as InputBlock[]) : [];
  const fields = blocks.flatMap((b) => fieldOf(b, channelLabel) ?? []);
  const clean = (t: string) => stripControlCharacters(t);
  const lines = [
    `Form: ${clean(str(v.title?.text) || "(untitled)")}`,
    ...fields.map((f) => `  ${clean(f.label)}: ${clean(f.shown)}`),
    "Forms open only in a real Slack workspace; local mode cannot fill one in.",
  ];
  if (fields.some((f) => f.blockId === BLOCK.query)) {
    const editing = str(v.private_metadata) !== "";
    lines.push(
      `Type the same here: ${clean(subscribeCommand(fields, channelLabel))}`,
      editing
        ? "  (to change this subscription: remove it first, with its Remove button or `unsubscribe N` in its channel, then subscribe again)"
        : "  (alerts and digest are both on unless one is named; at:, tz: and mention: are optional)",
    );
  }
  return lines.join("\n");
}
