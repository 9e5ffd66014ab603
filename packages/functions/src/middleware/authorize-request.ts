import { ACTION_IDS } from "@nwh/core/blocks";
import { notAllowedFor } from "@nwh/core/service";
import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import { deliver } from "../lib/deliver";
import { logger } from "../lib/logger";
import type { Runtime } from "../lib/runtime";

const ADMIN_ACTIONS: ReadonlySet<string> = new Set([ACTION_IDS.pause, ACTION_IDS.resume]);

type Body = Record<string, unknown>;
/** `ack` differs per payload kind; here it is called with what each kind accepts. */
type AnyAck = (response?: Record<string, unknown>) => Promise<void>;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The Slack user behind a request, wherever its payload keeps it. */
export function userIdOf(body: Body): string | undefined {
  if (typeof body.command === "string") return str(body.user_id);
  const user = body.user as Body | undefined;
  if (user && typeof user === "object") return str(user.id);
  const event = body.event as Body | undefined;
  if (event && typeof event === "object") return str(event.user);
  return undefined;
}

/**
 * The global authorization middleware: every command, every button and every user event is checked against
 * `SLACK_ALLOWED_USER_IDS` (and, for Pause/Resume, `SLACK_ADMIN_USER_IDS`) before any listener runs.
 * Whatever the message a user was shown, the server decides: a forged `block_actions` payload is refused here,
 * and the action listeners check again.
 */
export function authorizeRequest(runtime: Runtime): Middleware<AnyMiddlewareArgs> {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const body = args.body as unknown as Body;
    const userId = userIdOf(body);
    const { access } = runtime;

    if (typeof body.command === "string") {
      if (access.canUse(userId)) return args.next();
      logger.warn("command refused", { userId: userId ?? "unknown" });
      if ("ack" in args && args.ack)
        await (args.ack as AnyAck)({ response_type: "ephemeral", ...notAllowedFor("use") });
      return;
    }

    if (body.type === "block_actions") {
      const actions = Array.isArray(body.actions) ? (body.actions as Body[]) : [];
      const needsAdmin = actions.some((a) => ADMIN_ACTIONS.has(String(a.action_id)));
      const refused = !access.canUse(userId)
        ? "use"
        : needsAdmin && !access.isAdmin(userId)
          ? "admin"
          : undefined;
      if (!refused) return args.next();
      logger.warn("action refused", { userId: userId ?? "unknown", reason: refused });
      if ("ack" in args && args.ack) await (args.ack as AnyAck)();
      if ("respond" in args && args.respond) {
        const respond = args.respond;
        await deliver("post to the response_url", () =>
          respond({ response_type: "ephemeral", replace_original: false, ...notAllowedFor(refused) }),
        );
      }
      return;
    }

    if (body.type === "event_callback") {
      const event = body.event as Body | undefined;
      // Only user-facing events carry a user to check; the app subscribes to app_home_opened alone.
      if (event?.type !== "app_home_opened" || access.canUse(userId)) return args.next();
      logger.warn("home refused", { userId: userId ?? "unknown" });
      if (userId) {
        const message = notAllowedFor("use");
        const view = { type: "home" as const, blocks: message.blocks };
        await deliver("publish the Home tab", () => args.client.views.publish({ user_id: userId, view }));
      }
      return;
    }

    // Anything else (shortcuts, view submissions) has no listener: refuse by not passing it on.
    if ("ack" in args && args.ack) await (args.ack as AnyAck)();
  };
}
