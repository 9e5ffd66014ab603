import { SLACK_LIMITS } from "../slack/limits";
import { ACTION_IDS } from "./action-ids";

/** Where a list of blocks is shown: a message (50 blocks, fallback text required) or the App Home tab (100). */
export type Surface = "message" | "home";

/** Options of `validateMessage`. */
export interface ValidateMessageOptions {
  /** Default `"message"`. */
  surface?: Surface;
  /**
   * User groups the operator configured to be mentioned (`ALERT_MENTION`, a subscription's `mention:`): a
   * `<!subteam^ID>` of these is deliberate. Any other group ping, and every broadcast, is a problem.
   */
  mentions?: readonly string[];
}

/** Thrown by `assertValidMessage`; `problems` lists every violation found. */
export class InvalidMessageError extends Error {
  override name = "InvalidMessageError";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Slack message: ${problems.join("; ")}`);
  }
}

const KNOWN_ACTION_IDS: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

/* Block types Slack accepts in messages and Home tabs; the builders only use a few, others pass unchecked. */
const OTHER_BLOCK_TYPES = new Set(["image", "rich_text", "markdown", "input", "file", "video", "table"]);

/*
 * Broadcast mentions and user-group pings. The bot never means to send one, so any of them in a message
 * means untrusted text slipped through unescaped.
 */
const BROADCAST = /<!(?:channel|here|everyone|subteam\^)/i;
const SUBTEAM = /<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/gi;

/** Whether `text` pings more than it may: a broadcast, or a group other than the `allowed` ones. */
function pings(text: string, allowed: ReadonlySet<string>): boolean {
  const rest =
    allowed.size > 0 ? text.replace(SUBTEAM, (whole, id: string) => (allowed.has(id) ? "" : whole)) : text;
  return BROADCAST.test(rest);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Collects problems while walking a message; also adds up the text of every text object. */
class Walker {
  readonly problems: string[] = [];
  totalText = 0;
  constructor(readonly mentions: ReadonlySet<string> = new Set()) {}

  add(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }

  /** Checks a text object; returns its text length (0 when malformed). */
  text(path: string, v: unknown, max: number, opts: { plainOnly?: boolean } = {}): number {
    if (!isObj(v)) {
      this.add(path, "missing text object");
      return 0;
    }
    if (v.type !== "plain_text" && (opts.plainOnly || v.type !== "mrkdwn")) {
      this.add(path, `text type must be ${opts.plainOnly ? "plain_text" : "plain_text or mrkdwn"}`);
    }
    if (typeof v.text !== "string") {
      this.add(path, "text is not a string");
      return 0;
    }
    const length = v.text.length;
    if (length === 0) this.add(path, "text is empty");
    if (length > max) this.add(path, `text is ${length} chars (max ${max})`);
    if (pings(v.text, this.mentions))
      this.add(path, "text contains a broadcast mention (<!channel>, <!here>…)");
    this.totalText += length;
    return length;
  }

  confirm(path: string, v: unknown): void {
    if (!isObj(v)) {
      this.add(path, "confirm is not an object");
      return;
    }
    if (v.title !== undefined)
      this.text(`${path}.title`, v.title, SLACK_LIMITS.confirmTitle, { plainOnly: true });
    this.text(`${path}.text`, v.text, SLACK_LIMITS.confirmText);
    if (v.confirm !== undefined) {
      this.text(`${path}.confirm`, v.confirm, SLACK_LIMITS.confirmButton, { plainOnly: true });
    }
    if (v.deny !== undefined)
      this.text(`${path}.deny`, v.deny, SLACK_LIMITS.confirmButton, { plainOnly: true });
    this.style(path, v.style);
  }

  style(path: string, v: unknown): void {
    if (v !== undefined && v !== "primary" && v !== "danger")
      this.add(path, "style must be primary or danger");
  }

  /** An interactive element (accessory or actions element); returns its action_id if it has one. */
  element(path: string, v: unknown): string | undefined {
    if (!isObj(v)) {
      this.add(path, "element is not an object");
      return undefined;
    }
    const actionId = v.action_id;
    if (actionId !== undefined) {
      if (typeof actionId !== "string" || actionId.length === 0) this.add(path, "action_id is not a string");
      else if (actionId.length > SLACK_LIMITS.actionId) {
        this.add(path, `action_id is ${actionId.length} chars (max ${SLACK_LIMITS.actionId})`);
      }
    }
    if (v.confirm !== undefined) this.confirm(`${path}.confirm`, v.confirm);
    if (v.type === "button") {
      this.text(`${path}.text`, v.text, SLACK_LIMITS.buttonText, { plainOnly: true });
      if (v.value !== undefined) {
        if (typeof v.value !== "string") this.add(path, "button value is not a string");
        else if (v.value.length > SLACK_LIMITS.buttonValue) {
          this.add(path, `button value is ${v.value.length} chars (max ${SLACK_LIMITS.buttonValue})`);
        }
      }
      if (typeof actionId !== "string" || !KNOWN_ACTION_IDS.has(actionId)) {
        this.add(path, `button action_id ${JSON.stringify(actionId)} is not one of ACTION_IDS`);
      }
      this.style(path, v.style);
    } else if (typeof v.type !== "string") {
      this.add(path, "element has no type");
    }
    return typeof actionId === "string" ? actionId : undefined;
  }

  block(path: string, v: unknown, blockIds: Set<string>): void {
    if (!isObj(v)) {
      this.add(path, "block is not an object");
      return;
    }
    if (v.block_id !== undefined) {
      const id = v.block_id;
      if (typeof id !== "string" || id.length === 0) this.add(path, "block_id is not a string");
      else {
        if (id.length > SLACK_LIMITS.blockId) {
          this.add(path, `block_id is ${id.length} chars (max ${SLACK_LIMITS.blockId})`);
        }
        if (blockIds.has(id)) this.add(path, `block_id ${JSON.stringify(id)} is not unique`);
        blockIds.add(id);
      }
    }
    switch (v.type) {
      case "section":
        this.section(path, v);
        break;
      case "header":
        this.text(`${path}.text`, v.text, SLACK_LIMITS.headerText, { plainOnly: true });
        break;
      case "context":
        this.context(path, v);
        break;
      case "actions":
        this.actions(path, v);
        break;
      case "divider":
        break;
      default:
        if (typeof v.type !== "string" || !OTHER_BLOCK_TYPES.has(v.type)) {
          this.add(path, `unknown block type ${JSON.stringify(v.type)}`);
        }
    }
  }

  section(path: string, v: Obj): void {
    if (v.text === undefined && v.fields === undefined) this.add(path, "section has neither text nor fields");
    if (v.text !== undefined) this.text(`${path}.text`, v.text, SLACK_LIMITS.sectionText);
    if (v.fields !== undefined) {
      if (!Array.isArray(v.fields) || v.fields.length === 0)
        this.add(path, "fields must be a non-empty array");
      else {
        if (v.fields.length > SLACK_LIMITS.sectionFields) {
          this.add(path, `${v.fields.length} fields (max ${SLACK_LIMITS.sectionFields})`);
        }
        v.fields.forEach((f, i) => {
          this.text(`${path}.fields[${i}]`, f, SLACK_LIMITS.sectionFieldText);
        });
      }
    }
    if (v.accessory !== undefined) this.element(`${path}.accessory`, v.accessory);
  }

  context(path: string, v: Obj): void {
    if (!Array.isArray(v.elements) || v.elements.length === 0) {
      this.add(path, "context needs a non-empty elements array");
      return;
    }
    if (v.elements.length > SLACK_LIMITS.contextElements) {
      this.add(path, `${v.elements.length} context elements (max ${SLACK_LIMITS.contextElements})`);
    }
    v.elements.forEach((e, i) => {
      if (isObj(e) && e.type === "image") return;
      this.text(`${path}.elements[${i}]`, e, SLACK_LIMITS.contextText);
    });
  }

  actions(path: string, v: Obj): void {
    if (!Array.isArray(v.elements) || v.elements.length === 0) {
      this.add(path, "actions needs a non-empty elements array");
      return;
    }
    if (v.elements.length > SLACK_LIMITS.actionsElements) {
      this.add(path, `${v.elements.length} action elements (max ${SLACK_LIMITS.actionsElements})`);
    }
    // Slack identifies an interaction by block_id + action_id, so an action_id may appear once per block.
    const seen = new Set<string>();
    v.elements.forEach((e, i) => {
      const id = this.element(`${path}.elements[${i}]`, e);
      if (id === undefined) return;
      if (seen.has(id))
        this.add(`${path}.elements[${i}]`, `action_id ${JSON.stringify(id)} repeats in one block`);
      seen.add(id);
    });
  }
}

/**
 * Checks a message (or a Home view's blocks) against Slack's limits (`SLACK_LIMITS`) and the bot's own
 * rules: known block shapes, plain_text headers and buttons, unique block_ids, action_ids unique per block
 * and taken from `ACTION_IDS`, confirm dialog lengths, the ~11,000-char budget of all block text, no
 * broadcast mention, and (for messages) a non-empty fallback `text`. Returns the problems; empty = valid.
 */
export function validateMessage(
  message: { text?: string; blocks?: unknown[] },
  options: ValidateMessageOptions = {},
): string[] {
  const surface = options.surface ?? "message";
  const w = new Walker(new Set(options.mentions ?? []));
  if (!isObj(message)) return ["message: not an object"];
  const { text, blocks } = message as Obj;
  if (surface === "message") {
    if (typeof text !== "string" || text.trim().length === 0)
      w.add("text", "fallback text is missing or empty");
    else if (text.length > SLACK_LIMITS.messageText) {
      w.add("text", `fallback text is ${text.length} chars (max ${SLACK_LIMITS.messageText})`);
    }
  }
  if (typeof text === "string" && pings(text, w.mentions))
    w.add("text", "fallback text contains a broadcast mention");
  if (blocks === undefined) {
    if (surface === "home") w.add("blocks", "a Home view needs blocks");
    return w.problems;
  }
  if (!Array.isArray(blocks)) {
    w.add("blocks", "not an array");
    return w.problems;
  }
  const maxBlocks = surface === "home" ? SLACK_LIMITS.blocksPerView : SLACK_LIMITS.blocksPerMessage;
  if (blocks.length > maxBlocks) w.add("blocks", `${blocks.length} blocks (max ${maxBlocks})`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    w.block(`blocks[${i}]${isObj(b) && typeof b.type === "string" ? `(${b.type})` : ""}`, b, blockIds);
  });
  if (w.totalText > SLACK_LIMITS.totalBlockText) {
    w.add("blocks", `all block text adds up to ${w.totalText} chars (max ${SLACK_LIMITS.totalBlockText})`);
  }
  return w.problems;
}

/** Throws `InvalidMessageError` listing every problem `validateMessage` finds; returns the message otherwise. */
export function assertValidMessage<T extends { text?: string; blocks?: unknown[] }>(
  message: T,
  options?: ValidateMessageOptions,
): T {
  const problems = validateMessage(message, options);
  if (problems.length > 0) throw new InvalidMessageError(problems);
  return message;
}
