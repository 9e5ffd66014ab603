import { BOT_SCOPES, SOCKET_MODE_SCOPE } from "../slack/scopes";
import { type CheckResult, fail, ok, skip, warn } from "./check-result";

/** A Web API answer as the checks see it: the value, or Slack's error code (`invalid_auth`). */
export type SlackAnswer<T> =
  | {
      ok: true;
      value: T /** The token's scopes (`x-oauth-scopes`), when Slack named them. */;
      scopes?: string[];
    }
  | {
      ok: false /** Slack's error code, or a network code for a call that got no answer. */;
      error: string;
      network?: boolean;
    };

/** The Web API calls the Slack checks make (read-only). */
export interface SlackDoctorPort {
  /** `auth.test` with the bot token. */
  authTest(): Promise<SlackAnswer<{ userId: string; team: string }>>;
  /** `conversations.info` (needs `channels:read`/`groups:read`; an install without them is read through the history). */
  channelInfo(
    id: string,
  ): Promise<SlackAnswer<{ name: string; isMember: boolean; isPrivate: boolean; isArchived: boolean }>>;
  /** `conversations.history` with `limit: 1`: a membership probe that needs only the history scopes. */
  channelHistory(id: string): Promise<SlackAnswer<void>>;
  /** `usergroups.list` (needs `usergroups:read`). */
  userGroups(): Promise<SlackAnswer<Array<{ id: string; handle: string }>>>;
  /** `apps.connections.open` with the app-level token (Socket Mode); absent when none is configured. */
  appConnection?(): Promise<SlackAnswer<void>>;
}

/** What the Slack checks look at, besides the port. */
export interface SlackDoctorInputs {
  /** The Web API's host, for messages (`slack.com`, or a stub's `127.0.0.1:PORT`). */
  apiHost: string;
  /** `verified`: the request running the check was signed with it (`/webhooks doctor`). */
  signingSecret: "verified" | "set" | "missing";
  /** Channels the bot must be a member of, by configuration name (`DIGEST_CHANNEL`, …). */
  channels: ReadonlyArray<{ name: string; id: string }>;
  /** User groups to be mentioned (`ALERT_MENTION`), by configuration name; absent when not configured. */
  mentions?: { name: string; values: readonly string[] };
}

const head = (id: string, title: string) => ({ id, area: "slack" as const, title });
const TOKEN = head("slack.token", "Slack bot token");
const SCOPES = head("slack.scopes", "Slack scopes");
const SIGNING = head("slack.signing-secret", "Slack signing secret");
const APP_TOKEN = head("slack.app-token", "Socket Mode app token");

const REVOKED = new Set(["token_revoked", "token_expired", "account_inactive"]);
const NOT_VALID = new Set(["invalid_auth", "not_authed", "not_allowed_token_type", ...REVOKED]);

function unreachable(h: ReturnType<typeof head>, error: string, host: string): CheckResult {
  return fail(
    h,
    `Slack's Web API at ${host} did not answer (${error})`,
    "Check SLACK_API_URL (unset means Slack's own) and this machine's network access to it.",
  );
}

type Kind = "public" | "private" | "unknown";

/** One channel: a member, or why not. Says which kind of channel it is, for the scope check. */
async function checkChannel(
  port: SlackDoctorPort,
  channel: { name: string; id: string },
  host: string,
): Promise<{ result: CheckResult; kind: Kind }> {
  const h = head(`slack.channel.${channel.name}`, `Bot in ${channel.name}`);
  const where = `${channel.name} (${channel.id})`;
  const invite = `In that channel, type /invite @ and the app's name (DEPLOY.md, step 5).`;
  const notFound = fail(
    h,
    `Slack knows no channel ${where} that the bot can see`,
    `Check ${channel.name}: the ID is at the bottom of the channel's details. A private channel is only visible once the bot is invited.`,
  );
  const info = await port.channelInfo(channel.id);
  if (info.ok) {
    const kind: Kind = info.value.isPrivate ? "private" : "public";
    const named = `#${info.value.name} (${channel.id})`;
    if (info.value.isArchived)
      return {
        kind,
        result: fail(
          h,
          `${named} is archived`,
          `Point ${channel.name} at a channel in use, or unarchive it.`,
        ),
      };
    return {
      kind,
      result: info.value.isMember
        ? ok(h, `the bot is a member of ${named}`)
        : fail(h, `the bot is not a member of ${named}`, invite),
    };
  }
  if (info.network) return { kind: "unknown", result: unreachable(h, info.error, host) };
  if (info.error === "channel_not_found") return { kind: "unknown", result: notFound };
  if (info.error !== "missing_scope")
    return {
      kind: "unknown",
      result: fail(h, `Slack would not describe ${where} (${info.error})`, invite),
    };
  // The manifest asks for no channels:read: the history read the digest makes anyway tells membership.
  const kind: Kind = channel.id.startsWith("G") ? "private" : "unknown";
  const history = await port.channelHistory(channel.id);
  const via = "(seen through conversations.history)";
  if (history.ok) return { kind, result: ok(h, `the bot is a member of ${where} ${via}`) };
  if (history.error === "not_in_channel")
    return { kind, result: fail(h, `the bot is not a member of ${where} ${via}`, invite) };
  if (history.error === "channel_not_found") return { kind, result: notFound };
  if (history.error === "missing_scope")
    return {
      kind,
      result: fail(
        h,
        `the bot may not read ${where}: its token has neither channels:read nor the history scope for it`,
        "Add channels:history (public channel) or groups:history (private) to the app's bot scopes and reinstall it.",
      ),
    };
  return { kind, result: fail(h, `Slack would not let the bot read ${where} (${history.error})`, invite) };
}

/** The granted scopes against the manifest's, given the kinds of the channels the bot reads. */
function checkScopes(granted: readonly string[] | undefined, kinds: readonly Kind[]): CheckResult {
  if (!granted)
    return warn(
      SCOPES,
      "Slack did not name the token's scopes (no x-oauth-scopes header)",
      "Compare OAuth & Permissions → Bot Token Scopes with slack-app-manifest.yaml by hand.",
    );
  const has = new Set(granted);
  const needed: string[] = BOT_SCOPES.filter((s) => s.needed === "always").map((s) => s.scope);
  if (kinds.includes("public")) needed.push("channels:history");
  if (kinds.includes("private")) needed.push("groups:history");
  const missing = needed.filter((s) => !has.has(s));
  // A channel of unknown kind needs one of the two history scopes.
  if (kinds.includes("unknown") && !has.has("channels:history") && !has.has("groups:history"))
    missing.push("channels:history or groups:history");
  if (missing.length > 0) {
    const why = missing
      .map((m) => {
        const known = BOT_SCOPES.find((s) => s.scope === m);
        return known ? `${m} (${known.for})` : m;
      })
      .join(", ");
    return fail(
      SCOPES,
      `the token lacks ${why}`,
      "Add the missing scopes under OAuth & Permissions → Bot Token Scopes (or recreate the app from slack-app-manifest.yaml), then reinstall the app.",
    );
  }
  const manifest = new Set<string>(BOT_SCOPES.map((s) => s.scope));
  const extra = granted.filter((s) => !manifest.has(s));
  const shown = granted.filter((s) => manifest.has(s)).join(", ");
  if (extra.length > 0)
    return warn(
      SCOPES,
      `granted ${shown}, and more than the manifest asks for: ${extra.join(", ")}`,
      "Remove the scopes the bot does not use (Slack's advice: the minimum), unless another feature needs them.",
    );
  return ok(SCOPES, `granted ${shown}`);
}

/** What a configured mention names: a user group by id or handle, or something that is not a group. */
function groupOf(value: string): { id?: string; handle?: string } | undefined {
  const subteam = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value);
  if (subteam) return { id: subteam[1]! };
  if (/^S[A-Z0-9]{2,}$/.test(value)) return { id: value };
  // A user (by id or mention) is not a group.
  if (/^(?:<@)?[UW][A-Z0-9]{2,}(?:\|[^>]*)?>?$/.test(value)) return undefined;
  const handle = /^@?([a-z0-9][a-z0-9._-]*)$/i.exec(value)?.[1];
  if (handle && !["here", "channel", "everyone"].includes(handle.toLowerCase()))
    return { handle: handle.toLowerCase() };
  return undefined;
}

async function checkMentions(
  port: SlackDoctorPort,
  mentions: NonNullable<SlackDoctorInputs["mentions"]>,
): Promise<CheckResult> {
  const h = head("slack.mentions", `${mentions.name} groups`);
  const groups = mentions.values.map((v) => ({ value: v, group: groupOf(v) })).filter((g) => g.group);
  if (groups.length === 0) return ok(h, `${mentions.name} names no user group`);
  const list = await port.userGroups();
  if (!list.ok)
    return list.error === "missing_scope"
      ? warn(
          h,
          "the groups could not be checked: the token lacks usergroups:read",
          "Add usergroups:read to the app's bot scopes and reinstall it, or check the groups by hand.",
        )
      : warn(h, `Slack would not list the user groups (${list.error})`, "Check the groups by hand.");
  const missing = groups.filter(
    ({ group }) => !list.value.some((g) => g.id === group!.id || g.handle.toLowerCase() === group!.handle),
  );
  if (missing.length > 0)
    return fail(
      h,
      `no user group ${missing.map((m) => m.value).join(", ")} in this workspace`,
      `Fix ${mentions.name}: use a group's handle (@oncall) or ID (S…) from the workspace's People → User groups.`,
    );
  return ok(h, `${groups.length === 1 ? "the group exists" : `all ${groups.length} groups exist`}`);
}

function checkSigningSecret(state: SlackDoctorInputs["signingSecret"]): CheckResult {
  switch (state) {
    case "verified":
      return ok(SIGNING, "verified: this request was signed with it");
    case "set":
      return ok(
        SIGNING,
        "set; it can only be verified by a request Slack signs (run /webhooks doctor in Slack to prove it)",
      );
    case "missing":
      return fail(
        SIGNING,
        "SLACK_SIGNING_SECRET is not set",
        "Copy Basic Information → App Credentials → Signing Secret into SLACK_SIGNING_SECRET.",
      );
  }
}

async function checkAppToken(port: SlackDoctorPort, host: string): Promise<CheckResult | undefined> {
  if (!port.appConnection) return undefined;
  const answer = await port.appConnection();
  if (answer.ok) return ok(APP_TOKEN, "SLACK_APP_TOKEN opens a Socket Mode connection");
  if (answer.network) return unreachable(APP_TOKEN, answer.error, host);
  return fail(
    APP_TOKEN,
    `Slack refused SLACK_APP_TOKEN (${answer.error})`,
    `Create an app-level token with ${SOCKET_MODE_SCOPE} under Basic Information → App-Level Tokens, turn Socket Mode on, and put the token (xapp-…) in SLACK_APP_TOKEN.`,
  );
}

/**
 * The Slack checks: the bot token (`auth.test`), its scopes against the manifest's, the bot's membership
 * of each configured channel, the configured user groups, the signing secret, and the Socket Mode token.
 * Read-only: nothing is posted.
 */
export async function checkSlack(port: SlackDoctorPort, inputs: SlackDoctorInputs): Promise<CheckResult[]> {
  const host = inputs.apiHost;
  const signing = checkSigningSecret(inputs.signingSecret);
  const appToken = await checkAppToken(port, host);
  const tail = [signing, ...(appToken ? [appToken] : [])];
  const auth = await port.authTest();
  if (!auth.ok) {
    const token = auth.network
      ? unreachable(TOKEN, auth.error, host)
      : fail(
          TOKEN,
          NOT_VALID.has(auth.error)
            ? `Slack refused SLACK_BOT_TOKEN (${auth.error})`
            : `auth.test failed (${auth.error})`,
          REVOKED.has(auth.error)
            ? "The token was revoked (the app was uninstalled or reinstalled): install the app again and copy the new Bot User OAuth Token into SLACK_BOT_TOKEN."
            : "Copy OAuth & Permissions → Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.",
        );
    const untested = "not tested: the bot token does not work";
    return [
      token,
      skip(SCOPES, untested),
      ...inputs.channels.map((c) => skip(head(`slack.channel.${c.name}`, `Bot in ${c.name}`), untested)),
      ...(inputs.mentions ? [skip(head("slack.mentions", `${inputs.mentions.name} groups`), untested)] : []),
      ...tail,
    ];
  }
  const token = ok(TOKEN, `valid: the bot user ${auth.value.userId} in ${auth.value.team}`);
  const channels = await Promise.all(inputs.channels.map((c) => checkChannel(port, c, host)));
  const noChannel = inputs.channels.length === 0;
  const scopes = checkScopes(
    auth.scopes,
    channels.map((c) => c.kind),
  );
  const mentions = inputs.mentions ? [await checkMentions(port, inputs.mentions)] : [];
  return [
    token,
    scopes,
    ...(noChannel
      ? [
          skip(
            head("slack.channel.DIGEST_CHANNEL", "Bot in DIGEST_CHANNEL"),
            "DIGEST_CHANNEL is not set: no digest is posted",
            "Set DIGEST_CHANNEL to the channel ID of the daily digest.",
          ),
        ]
      : channels.map((c) => c.result)),
    ...mentions,
    ...tail,
  ];
}
