import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  Overflow,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import { SLACK_LIMITS } from "../slack/limits";
import { truncate } from "../text/truncate";
import { type ActionId, type ActionValue, encodeActionValue } from "./action-ids";

/*
 * Tiny constructors for the few Block Kit shapes the bot renders. They take text that is already safe
 * (escaped where it came from Nexudus or a user) and only enforce the per-field length limits.
 */

/** A plain_text object (emoji shortcodes rendered), cut to `max`. */
export function plain(text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement {
  return { type: "plain_text", text: truncate(text, max) || "-", emoji: true };
}

/**
 * A mrkdwn object cut to `max`. `verbatim` stops Slack from turning bare URLs and channel names into links,
 * so a URL quoted by Nexudus is never clickable; explicit `<!date…>` and `<@U…>` tokens still render.
 */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement {
  return { type: "mrkdwn", text: truncate(text, max) || "-", verbatim: true };
}

/** A header block (plain_text only, 150 chars). */
export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, SLACK_LIMITS.headerText) };
}

/** A mrkdwn section, optionally with one accessory. */
export function section(text: string, accessory?: Button | Overflow): SectionBlock {
  return accessory
    ? { type: "section", text: mrkdwn(text), accessory }
    : { type: "section", text: mrkdwn(text) };
}

/** A section of two-column fields (at most 10, 2,000 chars each). */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: "section",
    fields: fields.slice(0, SLACK_LIMITS.sectionFields).map((f) => mrkdwn(f, SLACK_LIMITS.sectionFieldText)),
  };
}

/** A context block of mrkdwn elements (at most 10). */
export function context(...elements: string[]): ContextBlock {
  return {
    type: "context",
    elements: elements.slice(0, SLACK_LIMITS.contextElements).map((e) => mrkdwn(e, SLACK_LIMITS.contextText)),
  };
}

/** An actions block. */
export function actions(elements: Button[]): ActionsBlock {
  return { type: "actions", elements: elements.slice(0, SLACK_LIMITS.actionsElements) };
}

/** A divider. */
export function divider(): DividerBlock {
  return { type: "divider" };
}

/** A confirm dialog; every text is cut to its own limit. */
export function confirmDialog(parts: {
  title: string;
  text: string;
  confirm: string;
  deny?: string;
  style?: "primary" | "danger";
}): ConfirmationDialog {
  const dialog: ConfirmationDialog = {
    title: plain(parts.title, SLACK_LIMITS.confirmTitle),
    text: plain(parts.text, SLACK_LIMITS.confirmText),
    confirm: plain(parts.confirm, SLACK_LIMITS.confirmButton),
    deny: plain(parts.deny ?? "Cancel", SLACK_LIMITS.confirmButton),
  };
  if (parts.style) dialog.style = parts.style;
  return dialog;
}

/**
 * The value of a button, or `undefined` when it would not fit Slack's 2,000 chars or the 1,000-char query
 * that `decodeActionValue` accepts (a query is never cut: a shortened query would mean something else).
 */
export function buttonValue(value: ActionValue): string | undefined {
  if (value.q !== undefined && value.q.length > 1000) return undefined;
  const encoded = encodeActionValue(value);
  return encoded.length <= SLACK_LIMITS.buttonValue ? encoded : undefined;
}

/** A button with one of `ACTION_IDS` and an encoded value. */
export function button(parts: {
  text: string;
  actionId: ActionId;
  value: string;
  style?: "primary" | "danger";
  confirm?: ConfirmationDialog;
}): Button {
  const b: Button = {
    type: "button",
    text: plain(parts.text, SLACK_LIMITS.buttonText),
    action_id: parts.actionId,
    value: parts.value,
  };
  if (parts.style) b.style = parts.style;
  if (parts.confirm) b.confirm = parts.confirm;
  return b;
}

/**
 * An overflow menu ("⋯") with one of `ACTION_IDS`: options whose value does not fit Slack's 150 chars are
 * left out, and at most 5 are kept. Slack needs 2 options at least; with fewer this returns `undefined`.
 */
export function overflowMenu(
  actionId: ActionId,
  options: ReadonlyArray<{ text: string; value: string | undefined }>,
): Overflow | undefined {
  const kept = options
    .filter((o): o is { text: string; value: string } => o.value !== undefined)
    .filter((o) => o.value.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.overflowOptions)
    .map((o) => ({ text: plain(o.text, SLACK_LIMITS.optionText), value: o.value }));
  return kept.length >= 2 ? { type: "overflow", action_id: actionId, options: kept } : undefined;
}
