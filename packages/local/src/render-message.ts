import { replaceEmojiShortcodes } from "./emoji-shortcodes";
import type { SlackDateOptions } from "./format-slack-date";
import { decodeEntities, mrkdwnToTerminal } from "./mrkdwn-to-terminal";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle, type TerminalStyle } from "./terminal-style";

/**
 * A button as the terminal shows it, `[b3]`: typing `b3` clicks it (see `buttonLabel`). The options of an
 * overflow menu or a select menu are buttons too (`menu`), whose `value` is the option's.
 */
export interface RenderedButton {
  number: number;
  text: string;
  actionId: string;
  blockId: string;
  value?: string;
  url?: string;
  style?: string;
  /** Slack's confirm dialog, as plain text, when the button has one. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
  /** An option of a menu: a click sends it as the menu's `selected_option`. */
  menu?: "overflow" | "static_select";
  /** A select menu's placeholder, which Slack sends with the chosen option. */
  placeholder?: string;
}

/**
 * What the terminal shows for button `number`, and what the user types to click it: `b3`. A bare number
 * is always a webhook id, as in Slack (`/webhooks 87654321`), so the two can never be confused.
 */
export function buttonLabel(number: number): string {
  return `b${number}`;
}

export interface RenderOptions extends SlackDateOptions {
  /** ANSI colours and emphasis; off gives plain text. */
  color: boolean;
  /** The number of the first button; later messages of one answer continue the count. Default 1. */
  firstButton?: number;
}

export interface RenderedMessage {
  text: string;
  buttons: RenderedButton[];
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON arrives untyped (an HTTP body); every field is checked
type Json = any;

const DIVIDER = "─".repeat(40);

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

class Renderer {
  readonly buttons: RenderedButton[] = [];
  private readonly style: TerminalStyle;

  constructor(
    private readonly options: RenderOptions,
    private next: number,
  ) {
    this.style = createTerminalStyle(options.color);
  }

  /**
   * A text object: mrkdwn is converted; plain_text is shown as written but for emoji shortcodes and the
   * three entities, which Slack decodes in every text object (so builders escape plain_text too).
   */
  textObject(obj: Json): string {
    const text = str(obj?.text) ?? "";
    if (obj?.type === "mrkdwn") return mrkdwnToTerminal(text, { ...this.options, style: this.style });
    const safe = this.plain(obj);
    return obj?.emoji === false ? safe : replaceEmojiShortcodes(safe);
  }

  plain(obj: Json): string {
    return decodeEntities(stripControlCharacters(str(obj?.text) ?? ""));
  }

  element(el: Json, blockId: string): string {
    if (el?.type === "button") return this.button(el, blockId);
    if (el?.type === "image")
      return this.style.dim(`[image: ${stripControlCharacters(str(el.alt_text) ?? "")}]`);
    if (el?.type === "overflow") return `⋯ ${this.menu(el, blockId, "overflow")}`;
    if (el?.type === "static_select") {
      // Named by its placeholder ("Snooze…" reads "Snooze:"), each option clickable.
      const name = this.plain(el.placeholder).replace(/(…|\.\.\.)$/, "");
      return `${name ? `${name}: ` : ""}${this.menu(el, blockId, "static_select")}`;
    }
    return this.style.dim(`(${stripControlCharacters(String(el?.type ?? "element"))})`);
  }

  /** A menu's options, each as a button of its own: `[b3] Details  [b4] Pause…`. */
  menu(el: Json, blockId: string, menu: NonNullable<RenderedButton["menu"]>): string {
    const options: Json[] = Array.isArray(el.options) ? el.options : [];
    const placeholder = el.placeholder ? this.plain(el.placeholder) : undefined;
    const shown = options.map((o) => {
      const number = this.next++;
      const button: RenderedButton = {
        number,
        text: this.plain(o?.text),
        actionId: stripControlCharacters(str(el.action_id) ?? ""),
        blockId,
        ...(typeof o?.value === "string" ? { value: o.value } : {}),
        menu,
        ...(menu === "static_select" && placeholder !== undefined ? { placeholder } : {}),
      };
      this.buttons.push(button);
      return `${this.style.cyan(`[${buttonLabel(number)}]`)} ${this.textObject(o?.text)}`;
    });
    return shown.join("  ");
  }

  button(el: Json, blockId: string): string {
    const number = this.next++;
    const label = this.textObject(el.text);
    const button: RenderedButton = {
      number,
      text: this.plain(el.text),
      actionId: stripControlCharacters(str(el.action_id) ?? ""),
      blockId,
    };
    if (typeof el.value === "string") button.value = el.value;
    if (typeof el.url === "string") button.url = stripControlCharacters(el.url);
    if (typeof el.style === "string") button.style = el.style;
    if (el.confirm && typeof el.confirm === "object") {
      button.confirm = {
        title: this.plain(el.confirm.title),
        text: this.plain(el.confirm.text),
        confirm: this.plain(el.confirm.confirm) || "Yes",
        deny: this.plain(el.confirm.deny) || "Cancel",
      };
    }
    this.buttons.push(button);
    const painted =
      button.style === "primary"
        ? this.style.green(label)
        : button.style === "danger"
          ? this.style.red(label)
          : label;
    return `${this.style.cyan(`[${buttonLabel(number)}]`)} ${painted}${button.url ? ` ${this.style.dim(`(${button.url})`)}` : ""}`;
  }

  richText(node: Json): string {
    if (typeof node?.text === "string") return stripControlCharacters(node.text);
    if (node?.type === "user") return `@${stripControlCharacters(str(node.user_id) ?? "")}`;
    if (node?.type === "link") return stripControlCharacters(str(node.url) ?? "");
    if (Array.isArray(node?.elements)) return node.elements.map((n: Json) => this.richText(n)).join("");
    return "";
  }

  block(block: Json, index: number): string[] {
    const blockId = str(block?.block_id) ?? `block_${index}`;
    const { style } = this;
    switch (block?.type) {
      case "header":
        return [style.bold(this.textObject(block.text))];
      case "divider":
        return [style.dim(DIVIDER)];
      case "section": {
        const lines: string[] = [];
        if (block.text) lines.push(this.textObject(block.text));
        if (Array.isArray(block.fields)) {
          for (const field of block.fields) lines.push(`  ${this.textObject(field).split("\n").join("  ")}`);
        }
        if (block.accessory) lines.push(this.element(block.accessory, blockId));
        return lines;
      }
      case "context": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        const parts = elements.map((el: Json) =>
          el?.type === "image"
            ? `[${stripControlCharacters(str(el.alt_text) ?? "image")}]`
            : this.textObject(el),
        );
        return [style.dim(parts.join("  "))];
      }
      case "actions": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        return [elements.map((el: Json) => this.element(el, blockId)).join("  ")];
      }
      case "image": {
        const alt = stripControlCharacters(str(block.alt_text) ?? "");
        const url = stripControlCharacters(str(block.image_url) ?? "");
        return [style.dim(`[image: ${alt}]${url ? ` (${url})` : ""}`)];
      }
      case "rich_text":
        return [this.richText(block)];
      default:
        return [style.dim(`[${stripControlCharacters(String(block?.type ?? "unknown"))} block]`)];
    }
  }
}

/**
 * Renders a Slack message (Block Kit, or its fallback `text` when it has no blocks) as terminal text:
 * bold headers, converted mrkdwn in sections and fields, dim context and dividers, and buttons labelled
 * `[b1] Details  [b2] Pause` so that typing `b1` can click them (an overflow menu's options likewise,
 * `⋯ [b3] Details  [b4] Pause…`, and a select menu's, `Snooze: [b5] 1 h  [b6] 4 h`). Pure: same
 * message, same text.
 */
export function renderMessage(
  message: { text?: unknown; blocks?: unknown },
  options: RenderOptions,
): RenderedMessage {
  const renderer = new Renderer(options, options.firstButton ?? 1);
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (blocks.length === 0) {
    return { text: renderer.textObject({ type: "mrkdwn", text: str(message.text) ?? "" }), buttons: [] };
  }
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    // Slack leaves room above each section and header; a blank line does that here.
    const type = (block as { type?: unknown } | null)?.type;
    const previous = (blocks[index - 1] as { type?: unknown } | null | undefined)?.type;
    if (index > 0 && (type === "section" || type === "header") && previous !== "header") lines.push("");
    lines.push(...renderer.block(block, index));
  });
  return { text: lines.join("\n"), buttons: renderer.buttons };
}
