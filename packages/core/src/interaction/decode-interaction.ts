import type { QueryError } from "../query/query-types";
import { parseCommand } from "../query/parse-command";
import type { Command } from "../query/query-types";
import { type Click, decodeClick } from "../service/execute-action";
import type { Interaction } from "./interaction";

/** What an interaction asks for, decoded from its text or its button. */
export type Request =
  | { kind: "command"; command: Command }
  /** What was typed does not parse: the answer names the mistakes. */
  | { kind: "query-error"; errors: QueryError[] }
  | { kind: "click"; click: Click }
  /** A button this version does not know (an earlier version's, or forged) or a malformed value. */
  | { kind: "outdated"; actionId: string }
  /** The App Home tab's overview. */
  | { kind: "home" };

/** Decodes an interaction (untrusted text and values included). Never throws. */
export function decodeInteraction(interaction: Interaction): Request {
  switch (interaction.kind) {
    case "command": {
      const parsed = parseCommand(interaction.text);
      return parsed.ok
        ? { kind: "command", command: parsed.command }
        : { kind: "query-error", errors: parsed.errors };
    }
    case "click": {
      const click = decodeClick(interaction.actionId, interaction.value);
      return click ? { kind: "click", click } : { kind: "outdated", actionId: interaction.actionId };
    }
    case "home":
      return { kind: "home" };
  }
}

/** Whether the request changes Nexudus (a Pause/Resume click): such a request runs in the worker only. */
export function isWrite(request: Request): request is { kind: "click"; click: Extract<Click, { kind: "toggle" }> } {
  return request.kind === "click" && request.click.kind === "toggle";
}
