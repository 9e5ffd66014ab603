import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { arrivalOf } from "../../lib/arrival";
import type { ListenerDeps } from "../types";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** One input's state as Slack sends it, whatever the element. */
interface InputState {
  type?: string;
  value?: string | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_time?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: Array<{ value?: string }> | null;
  selected_users?: string[] | null;
}

/** The state values flattened by block: a text or a picked value, or the values picked. */
function flatten(state: Record<string, Record<string, InputState>>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [block, inputs] of Object.entries(state).slice(0, 50)) {
    const input = Object.values(inputs)[0];
    if (!input) continue;
    const one =
      input.value ??
      input.selected_conversation ??
      input.selected_channel ??
      input.selected_time ??
      input.selected_option?.value;
    if (typeof one === "string") values[block] = one;
    else if (Array.isArray(input.selected_options))
      values[block] = input.selected_options.flatMap((o) => (typeof o?.value === "string" ? [o.value] : []));
    else if (Array.isArray(input.selected_users))
      values[block] = input.selected_users.filter((u) => typeof u === "string");
  }
  return values;
}

/**
 * The subscription form submitted (`view_submission`) as an interaction. The user is `body.user.id`, the
 * field Slack defines for it; the pipeline answers with the errors on the form's fields, or closes it.
 */
export function subscriptionView(deps: ListenerDeps) {
  return async ({ ack, body, view, context }: ViewArgs): Promise<void> => {
    await deps.pipeline.handle(
      {
        kind: "view",
        callbackId: view.callback_id,
        userId: body.user.id,
        arrivedAt: arrivalOf(context, deps.clock.now()),
        values: flatten((view.state?.values ?? {}) as unknown as Record<string, Record<string, InputState>>),
        privateMetadata: view.private_metadata ?? "",
        replyTo: { kind: "home" },
      },
      (answer) => ack(answer && "response_action" in answer ? answer : undefined),
    );
  };
}
