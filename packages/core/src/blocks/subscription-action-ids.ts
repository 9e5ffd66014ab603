/**
 * Action ids of the subscription settings (part of `ACTION_IDS`). Values: `SubscriptionRef` JSON, decoded
 * by `decodeSubscriptionRef` (untrusted: the server re-reads the subscription and re-checks the rights).
 */
export const SUBSCRIPTION_ACTION_IDS = {
  /** Removes one subscription (admins, behind a confirm dialog); value: `{ c, i, s? }`. */
  subscriptionRemove: "webhooks_subscription_remove",
  /** Opens the subscription form empty (App Home, admins). */
  subscriptionAdd: "webhooks_subscription_add",
  /** Opens the subscription form on one subscription; value: `{ c, i }`. */
  subscriptionEdit: "webhooks_subscription_edit",
} as const;

/** The `callback_id` of the subscription form (a modal); its submission is a `view` interaction. */
export const SUBSCRIPTION_VIEW_ID = "webhooks_subscription";
