import { createInterface } from "node:readline";
import type { WatchRunResult } from "@nwh/core/alerts";
import type { DigestBatchResult, DigestRunResult } from "@nwh/core/digest";
import { COMMAND_TABLE } from "@nwh/core/query";
import type { StubCall, StubResponse } from "@nwh/slack-stub";
import { appHomeOpenedBody } from "./app-home-opened-body";
import { type ButtonSource, blockActionsBody } from "./block-actions-body";
import { blockKitBuilderUrl } from "./block-kit-builder-url";
import { describeDigestResult } from "./describe-digest-result";
import { describeModal } from "./describe-modal";
import { describeWatchResult } from "./describe-watch-result";
import { createLocalChannels, type LocalChannel } from "./local-channels";
import { LOCAL_CHANNEL } from "./local-identity";
import { memberJoinedChannelBody } from "./member-joined-channel-body";
import { type EndpointAnswer, postSigned } from "./post-signed";
import { buttonLabel, type RenderedButton, renderMessage } from "./render-message";
import { slashCommandBody } from "./slash-command-body";
import { stripControlCharacters } from "./strip-control-characters";
import { createTerminalStyle } from "./terminal-style";

/** Where `response_url` posts (and, with the embedded stub, Web API calls) arrive. A `SlackStub` is one. */
export interface ReplSink {
  newResponseUrl(): string;
  onMessage(listener: (event: StubCall | StubResponse) => void): () => void;
}

export interface ReplOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Readline terminal mode: line editing, history, prompt redraws. */
  terminal?: boolean;
  color?: boolean;
  /** The local Slack endpoint, e.g. `http://127.0.0.1:3000/slack/events`. */
  endpoint: string;
  signingSecret: string;
  sink: ReplSink;
  /** True when the bot's Web API calls go to the sink (the embedded stub), so they can be shown. */
  webApiOnSink: boolean;
  /** Runs the digest handler once (the configured digest, and the subscriptions' not sent today). */
  runDigest(): Promise<DigestRunResult & { subscriptions?: DigestBatchResult }>;
  /** Runs one poll of the watch (alerts). */
  runWatch?(): Promise<WatchRunResult>;
  /** One round of deliveries on the embedded emulator's account (`undefined` against a real Nexudus). */
  tick?(): { failed: number[]; recovered: number[] };
  /**
   * Slack's side of inviting the bot to a channel, on the embedded stub (`undefined` with another Slack
   * API): the bot's user id there, and the bot made a member of the channel again.
   */
  invite?: { botUserId: string; join(channelId: string): void };
  /** The Block Kit Builder link printed under each message; default: the full builder URL. */
  builderLink?: (message: { text?: string; blocks?: unknown[] }) => string;
  /** Resolves when no worker job is running. */
  idle(): Promise<void>;
  timeZone?: string;
  now?: () => number;
}

interface ClickTarget {
  button: RenderedButton;
  source: ButtonSource;
}

// Web API methods whose arguments are a message (or a view) worth showing.
const SHOWN_METHODS = new Set([
  "chat.postMessage",
  "chat.postEphemeral",
  "chat.update",
  "views.publish",
  "views.open",
]);

/** The help's width for what is typed, before what it does; and its lines' width. */
const USAGE_WIDTH = 24;
const LINE_WIDTH = 100;

/** `text` in lines of at most LINE_WIDTH, each after `indent` spaces (a longer word stays whole). */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent + line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].map((l) => `${" ".repeat(indent)}${l}`);
}

/** The `/webhooks` commands (besides `show`, above), from the command table: usage and summary. */
function commandLines(): string {
  const indent = USAGE_WIDTH + 3;
  return COMMAND_TABLE.filter((row) => row.kind === "command" && row.name !== "show")
    .flatMap((row) => {
      const [first, ...rest] = wrap(row.summary, indent);
      const usage = `  ${row.usage}`;
      return usage.length < indent
        ? [`${usage.padEnd(indent)}${first!.trimStart()}`, ...rest]
        : [usage, first!, ...rest];
    })
    .join("\n");
}

export const REPL_HELP = `Type a /webhooks search, with or without "/webhooks":
  failing                  webhooks with errors, worst first
  disabled                 webhooks Nexudus switched off
  name:zapier errors:>3    any search; "/webhooks help" shows the whole language
  show 12345, or 12345     one webhook in full (a bare number is always a webhook id)
  an empty line            the overview, as /webhooks alone
The other /webhooks commands, typed the same way:
${commandLines()}
The last answer's buttons are labelled [b1], [b2]…: type b1 to click [b1] Details.
A button with a confirm dialog asks in the prompt: y does it; anything else cancels it and is run.
  #ops subscribe failing   run a command in another channel (#ops): /webhooks subscribe works per channel
  channel #ops             type the commands in #ops from now on; "channel" alone says which one
  digest    run the daily digest now (and the subscriptions' digests) and show where each went
  watch     run one poll of the alerts watch (incidents open, escalate, close; one message each)
  tick      one round of deliveries on the demo account (failing webhooks fail again, some recover),
            then a watch poll: run it a few times to see an incident escalate and be disabled
  home      open the bot's App Home tab
  invite    invite the bot to the channel (invite #ops: to #ops): Slack's member_joined_channel; alerts
            held there since the bot was removed resume at the next watch poll
  help      this text
  exit      quit (Ctrl-D works too)`;

/** A button's name as typed: `b3` (any case). */
const BUTTON_NAME = /^b(\d+)$/i;

/**
 * The local prompt: what the user types becomes a signed `/webhooks` request to the local endpoint, and
 * the answer (the acknowledgement, then every `response_url` post and Web API message) is rendered in the
 * terminal with a Block Kit Builder link. Typing a button's name (`b3`) clicks it (a signed
 * `block_actions` interaction; a button with a confirm dialog asks first, the question being the prompt).
 * A bare number is a webhook id, as in Slack, and an empty line the overview. Resolves when the user
 * leaves (`exit`, Ctrl-D, Ctrl-C or the end of the input).
 */
export async function runRepl(options: ReplOptions): Promise<void> {
  const { output } = options;
  const style = createTerminalStyle(options.color ?? false);
  const now = options.now ?? Date.now;
  const builderLink = options.builderLink ?? blockKitBuilderUrl;
  const prompt = style.bold("webhooks> ");
  const rl = createInterface({
    input: options.input,
    output,
    terminal: options.terminal ?? false,
    prompt,
  });
  const buttons = new Map<number, ClickTarget>();
  let nextButton = 1;
  let busy = false;
  let queued: Array<StubCall | StubResponse> = [];
  let pendingConfirm: ClickTarget | undefined;
  let fakeSeq = 0;
  const channels = createLocalChannels();
  // Where commands are typed, and the channel of the exchange under way (its answers' buttons are there).
  let current: LocalChannel = channels.named(LOCAL_CHANNEL.name)!;
  let exchangeChannel = current;

  const write = (text: string) => output.write(`${text}\n`);
  // Something arrived while the prompt is shown (a request from elsewhere): print it above the prompt.
  const writeAbove = (text: string) => {
    if (options.terminal) output.write("\r\x1b[2K");
    write(text);
    if (options.terminal) rl.prompt(true);
  };
  const fakeTs = () => `${Math.floor(now() / 1000)}.${String(++fakeSeq).padStart(6, "0")}`;

  function showMessage(label: string, message: { text?: unknown; blocks?: unknown }, source: ButtonSource) {
    const rendered = renderMessage(message, {
      color: style.color,
      firstButton: nextButton,
      now: now(),
      timeZone: options.timeZone,
    });
    nextButton += rendered.buttons.length;
    for (const button of rendered.buttons) buttons.set(button.number, { button, source });
    const blocks = Array.isArray(message.blocks) ? message.blocks : undefined;
    const text = typeof message.text === "string" ? message.text : undefined;
    return [
      style.dim(`── ${label} ──`),
      rendered.text,
      style.dim(`Block Kit Builder: ${builderLink({ text, blocks })}`),
      "",
    ].join("\n");
  }

  function describeEvent(event: StubCall | StubResponse): string | undefined {
    if ("method" in event) {
      if (!SHOWN_METHODS.has(event.method) || !options.webApiOnSink) return undefined;
      const args = event.args;
      if (event.method === "views.open") {
        const failed = event.status === 200 ? "" : ` · answered HTTP ${event.status}`;
        return `${style.dim(`── views.open · a form${failed} ──`)}\n${describeModal(args.view, (id) => channels.label(id))}\n`;
      }
      if (event.method === "views.publish") {
        const view = (args.view ?? {}) as { blocks?: unknown };
        const viewId = `VLOCAL${String(++fakeSeq).padStart(4, "0")}`;
        return showMessage(`App Home of ${stripControlCharacters(String(args.user_id))}`, view, {
          kind: "home",
          viewId,
          view,
        });
      }
      const channel = typeof args.channel === "string" ? args.channel : LOCAL_CHANNEL.id;
      const where = `${stripControlCharacters(channels.label(channel))}${args.thread_ts ? " · in a thread" : ""}`;
      const failed = event.status === 200 ? "" : ` · answered HTTP ${event.status}`;
      const ts = event.ts ?? (typeof args.ts === "string" ? args.ts : fakeTs());
      return showMessage(`${event.method} → ${where}${failed}`, args, {
        kind: "message",
        channelId: channel,
        ts,
        ephemeral: event.method === "chat.postEphemeral",
        message: args,
      });
    }
    const body = event.body;
    const inChannel = body.response_type === "in_channel";
    const parts = ["response_url", inChannel ? "in the channel" : "only visible to you"];
    if (body.replace_original === true || body.replace_original === "true")
      parts.push("replaces the message");
    if (event.status !== 200) parts.push(`answered HTTP ${event.status}`);
    if (body.delete_original === true || body.delete_original === "true") {
      return style.dim(`── response_url · deletes the message ──\n`);
    }
    return showMessage(parts.join(" · "), body, {
      kind: "message",
      channelId: exchangeChannel.id,
      ts: fakeTs(),
      ephemeral: !inChannel,
      message: body,
    });
  }

  const unsubscribe = options.sink.onMessage((event) => {
    if (busy) {
      queued.push(event);
      return;
    }
    const text = describeEvent(event);
    if (text !== undefined) writeAbove(text);
  });

  function describeAnswer(answer: EndpointAnswer): string | undefined {
    if (answer.status === 401) {
      return style.red(
        "The endpoint refused the request (401): the signature did not verify. Is the signing secret the one the endpoint uses?",
      );
    }
    if (answer.status < 200 || answer.status >= 300) {
      const body = stripControlCharacters(answer.body).slice(0, 500);
      return style.red(`The endpoint answered HTTP ${answer.status}${body ? `: ${body}` : ""}`);
    }
    if (answer.body.trim() === "") return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return showMessage(
        "reply · only visible to you",
        { text: answer.body },
        ackSource({ text: answer.body }),
      );
    }
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const message = parsed as { text?: unknown; blocks?: unknown; response_type?: unknown };
    if (message.text === undefined && message.blocks === undefined) return undefined;
    const inChannel = message.response_type === "in_channel";
    return showMessage(
      `reply · ${inChannel ? "in the channel" : "only visible to you"}`,
      message,
      ackSource(message, !inChannel),
    );
  }

  function ackSource(message: { text?: unknown; blocks?: unknown }, ephemeral = true): ButtonSource {
    return { kind: "message", channelId: exchangeChannel.id, ts: fakeTs(), ephemeral, message };
  }

  /** One exchange with the bot: its answer first, then whatever it posted meanwhile and afterwards. */
  async function interact(send: () => Promise<EndpointAnswer | undefined>, after?: () => string | undefined) {
    busy = true;
    queued = [];
    buttons.clear();
    nextButton = 1;
    const lines: string[] = [];
    try {
      const answer = await send();
      const head = answer ? describeAnswer(answer) : undefined;
      if (head !== undefined) write(head);
      // Worker jobs answer through response_url after the acknowledgement.
      await options.idle();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      lines.push(style.red(`Failed: ${stripControlCharacters(message)}`));
    } finally {
      busy = false;
      for (const event of queued) {
        const text = describeEvent(event);
        if (text !== undefined) write(text);
      }
      queued = [];
      for (const line of lines) write(line);
      const tail = after?.();
      if (tail !== undefined) write(tail);
    }
  }

  const slash = (text: string, after?: () => string | undefined, channel: LocalChannel = current) => {
    exchangeChannel = channel;
    return interact(
      () =>
        postSigned(
          options.endpoint,
          options.signingSecret,
          slashCommandBody(text, options.sink.newResponseUrl(), channel),
        ),
      after,
    );
  };

  /** `channel` says where commands go; `channel #name` moves there. */
  function switchChannel(rest: string): void {
    if (rest === "") {
      const others = channels
        .all()
        .filter((c) => c.id !== current.id)
        .map((c) => `#${c.name}`);
      write(
        `Commands are typed in #${current.name} (${current.id}).${others.length > 0 ? ` Also here: ${others.join(", ")}.` : ""}`,
      );
      return;
    }
    const channel = channels.named(rest);
    if (!channel) {
      write(style.red("A channel name is lower case letters, digits, - and _, such as #ops-paris."));
      return;
    }
    current = channel;
    write(style.dim(`Commands are typed in #${channel.name} (${channel.id}) from now on.`));
  }

  const click = (target: ClickTarget) => {
    const { button, source } = target;
    if (button.url) write(style.dim(`(opens ${button.url})`));
    const responseUrl = source.kind === "message" ? options.sink.newResponseUrl() : undefined;
    return interact(() =>
      postSigned(
        options.endpoint,
        options.signingSecret,
        blockActionsBody(button, source, responseUrl, now()),
      ),
    );
  };

  const digest = () => {
    let result: DigestRunResult | undefined;
    return interact(
      async () => {
        result = await options.runDigest();
        return undefined;
      },
      () => (result ? style.dim(describeDigestResult(result, options.webApiOnSink)) : undefined),
    );
  };

  const watch = () => {
    let result: WatchRunResult | undefined;
    return interact(
      async () => {
        if (!options.runWatch) return undefined;
        result = await options.runWatch();
        return undefined;
      },
      () => (result ? style.dim(describeWatchResult(result)) : undefined),
    );
  };

  const tick = async () => {
    if (!options.tick) {
      write(
        style.yellow("tick plays deliveries on the embedded emulator; NEXUDUS_BASE_URL points elsewhere."),
      );
      return;
    }
    const round = options.tick();
    write(style.dim(`Deliveries: ${round.failed.length} failed again, ${round.recovered.length} recovered.`));
    await watch();
  };

  const home = () =>
    interact(() =>
      postSigned(options.endpoint, options.signingSecret, appHomeOpenedBody(now()), "application/json"),
    );

  const invite = async (name: string) => {
    const channel = name === "" ? current : channels.named(name);
    if (!channel) {
      write(style.red("A channel name is lower case letters, digits, - and _, such as #ops-paris."));
      return;
    }
    const slack = options.invite;
    if (!slack) {
      write(
        style.yellow(
          "invite plays Slack's event on the embedded Slack stub; SLACK_API_URL points elsewhere.",
        ),
      );
      return;
    }
    slack.join(channel.id);
    await interact(
      () =>
        postSigned(
          options.endpoint,
          options.signingSecret,
          memberJoinedChannelBody(slack.botUserId, channel, now()),
          "application/json",
        ),
      () => style.dim(`The bot joined #${channel.name}: the next watch poll sends its alerts there again.`),
    );
  };

  /** What the last answer's buttons are, for a message about a name typed that is not one of them. */
  function buttonRange(): string {
    const numbers = [...buttons.keys()];
    if (numbers.length === 0) return "the last answer has no buttons";
    const [first, last] = [Math.min(...numbers), Math.max(...numbers)];
    return `the last answer has ${first === last ? buttonLabel(first) : `${buttonLabel(first)}–${buttonLabel(last)}`}`;
  }

  async function pressButton(name: string, number: number): Promise<void> {
    const target = buttons.get(number);
    if (!target) {
      write(style.red(`There is no button ${name}: ${buttonRange()}.`));
      return;
    }
    if (target.button.confirm) {
      const c = target.button.confirm;
      pendingConfirm = target;
      write(
        `${style.bold(c.title)}\n${c.text}\n${style.cyan("[y]")} ${c.confirm}  ${style.cyan("[n]")} ${c.deny}`,
      );
      // The question stays on screen as the prompt: what is typed next answers it.
      rl.setPrompt(style.bold(`${c.title} [y/n]> `));
      return;
    }
    await click(target);
  }

  async function handle(raw: string): Promise<"exit" | undefined> {
    const line = raw.trim();
    if (pendingConfirm) {
      const target = pendingConfirm;
      pendingConfirm = undefined;
      rl.setPrompt(prompt);
      if (/^(y|yes)$/i.test(line)) return void (await click(target));
      write(style.dim("Cancelled."));
      // Anything but a plain no is something to run: a search typed over the question is not lost.
      if (line === "" || /^(n|no)$/i.test(line)) return undefined;
    }
    // An empty line is a bare /webhooks, as in Slack: the overview.
    if (line === "") return void (await slash(""));
    const word = line.toLowerCase();
    if (word === "exit" || word === "quit") return "exit";
    if (word === "help" || word === "?") {
      write(REPL_HELP);
      return undefined;
    }
    if (word === "digest") return void (await digest());
    if (word === "watch") return void (await watch());
    if (word === "tick") return void (await tick());
    if (word === "home") return void (await home());
    if (word === "invite" || word.startsWith("invite ")) return void (await invite(line.slice(6).trim()));
    if (word === "channel" || word.startsWith("channel ")) return void switchChannel(line.slice(7).trim());
    // `#name command`: the command typed in that channel, once.
    const prefixed = /^#(\S+)(?:\s+([\s\S]*))?$/.exec(line);
    if (prefixed) {
      const channel = channels.named(prefixed[1]!);
      if (!channel) {
        write(style.red("A channel name is lower case letters, digits, - and _, such as #ops-paris."));
        return undefined;
      }
      const text = (prefixed[2] ?? "").replace(/^\/webhooks\b\s*/i, "");
      return void (await slash(text, undefined, channel));
    }
    const name = BUTTON_NAME.exec(line);
    if (name) return void (await pressButton(line.toLowerCase(), Number(name[1])));
    if (/^\d+$/.test(line) && buttons.has(Number(line))) {
      // A webhook id, as in Slack; the same number names a button here, so say how to click that.
      const hint = style.dim(`To click [${buttonLabel(Number(line))}], type ${buttonLabel(Number(line))}.`);
      return void (await slash(line, () => hint));
    }
    if (line.startsWith("/")) {
      const match = /^\/webhooks(?:\s+([\s\S]*))?$/i.exec(line);
      if (!match) {
        write(style.red("Only /webhooks is a command here; type help for more."));
        return undefined;
      }
      return void (await slash(match[1] ?? ""));
    }
    return void (await slash(line));
  }

  write(`Type ${style.bold("failing")} to list the failing webhooks, ${style.bold("help")} for more.`);
  rl.on("SIGINT", () => rl.close());
  rl.prompt();
  try {
    for await (const line of rl) {
      // Without a terminal nothing echoes what was typed; writing it keeps the transcript readable.
      if (!options.terminal) write(line);
      if ((await handle(line)) === "exit") break;
      rl.prompt();
    }
  } finally {
    unsubscribe();
    rl.close();
    // Ctrl-C and Ctrl-D leave the cursor after the prompt.
    if (options.terminal) output.write("\n");
  }
}
