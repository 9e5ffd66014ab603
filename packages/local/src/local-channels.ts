import { LOCAL_CHANNEL } from "./local-identity";

/** A channel of the local workspace. */
export interface LocalChannel {
  id: string;
  name: string;
}

/** What a typed channel name may be (Slack's rule: lower case letters, digits, `-` and `_`, up to 80). */
const NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;
/** A channel id as Slack writes it (upper case): never a name, which Slack keeps lower case. */
const ID = /^[CG][A-Z0-9]{2,40}$/;

/** The local workspace's channels, by name: the local channel, and any other one the first time it is named. */
export interface LocalChannels {
  /** The channel called `name` (`#` allowed), made up on first use; `undefined` when it is not a name. */
  named(name: string): LocalChannel | undefined;
  /** `#name` for a channel id this workspace has, else `#ID`. */
  label(id: string): string;
  all(): LocalChannel[];
}

/** The local channels, starting with `#webhooks-local`; new ones get ids `CLOCAL0002`, `CLOCAL0003`, … */
export function createLocalChannels(): LocalChannels {
  const byName = new Map<string, LocalChannel>([[LOCAL_CHANNEL.name, { ...LOCAL_CHANNEL }]]);
  const byId = new Map<string, LocalChannel>([[LOCAL_CHANNEL.id, { ...LOCAL_CHANNEL }]]);
  return {
    named(raw) {
      const typed = raw.replace(/^#/, "");
      // A channel id as local mode prints it for a channel this prompt has not named (`#CLOCAL0002`: one
      // of an earlier run kept in LOCAL_STATE_DIR) is that channel, not a new one called `clocal0002`.
      if (ID.test(typed)) {
        const known = byId.get(typed);
        if (known) return known;
        const adopted = { id: typed, name: typed.toLowerCase() };
        byId.set(typed, adopted);
        if (!byName.has(adopted.name)) byName.set(adopted.name, adopted);
        return adopted;
      }
      const name = typed.toLowerCase();
      if (!NAME.test(name)) return undefined;
      let channel = byName.get(name);
      if (!channel) {
        let n = byName.size + 1;
        while (byId.has(`CLOCAL${String(n).padStart(4, "0")}`)) n += 1;
        channel = { id: `CLOCAL${String(n).padStart(4, "0")}`, name };
        byName.set(name, channel);
        byId.set(channel.id, channel);
      }
      return channel;
    },
    label(id) {
      const known = byId.get(id);
      return `#${known ? known.name : id}`;
    },
    all: () => [...byName.values()],
  };
}
