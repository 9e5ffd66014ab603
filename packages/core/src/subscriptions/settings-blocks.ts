import type { KnownBlock } from "@slack/types";
import { ACTION_IDS } from "../blocks/action-ids";
import { actions, button, context, divider, header, section } from "../blocks/block-kit";
import type { LocationNames } from "../blocks/models";
import { count } from "../blocks/untrusted-text";
import { inListOrder, type Subscription } from "./subscription";
import { addSubscriptionButton, channelLink, removeButton, subscriptionLine } from "./subscription-messages";
import { encodeSubscriptionRef } from "./subscription-ops";

/**
 * The App Home tab's Settings section, for admins: every subscription with **Edit** and **Remove**, and
 * **Add subscription**, in at most `room` blocks (two per subscription; the rest are counted, and
 * `/webhooks subscriptions` lists them). `notice`: what the last change did (mrkdwn, safe).
 */
export function settingsBlocks(
  subscriptions: readonly Subscription[],
  options: { room: number; notice?: string; locations?: LocationNames },
): KnownBlock[] {
  const blocks: KnownBlock[] = [divider(), header("Settings: channel subscriptions")];
  if (options.notice) blocks.push(section(options.notice));
  blocks.push(
    context(
      `${count(subscriptions.length, "subscription")}. Each channel gets the alerts and the daily digest of the webhooks its search matches; \`/webhooks subscribe <search>\` in a channel does the same.`,
    ),
    addSubscriptionButton(),
  );
  const ordered = inListOrder(subscriptions);
  const room = Math.max(0, options.room - blocks.length - 1);
  const shown = Math.min(ordered.length, Math.floor(room / 2));
  for (const s of ordered.slice(0, shown)) {
    blocks.push(
      section(`${channelLink(s.channel)} · ${subscriptionLine(s, options.locations)}`),
      actions([
        button({ text: "Edit", actionId: ACTION_IDS.subscriptionEdit, value: encodeSubscriptionRef(s) }),
        removeButton(s, "all"),
      ]),
    );
  }
  if (shown < ordered.length) {
    blocks.push(
      context(`…and ${ordered.length - shown} more: type \`/webhooks subscriptions\` to list every one.`),
    );
  }
  return blocks;
}
