// Channel subscriptions: the record and its store port, and the digest targets and alert routes.
export { subscriptionDigestTargets } from "./due-digests";
export type { ChannelDirectory, UserGroupDirectory } from "./slack-directory";
export { type Subscription, SubscriptionSchema, subscriptionIdOf } from "./subscription";
export { FORM_BLOCKS } from "./subscription-form";
export { alertRoutesOf, type DefaultRoute, subscriptionRouter } from "./subscription-router";
export type { BotJoins, SubscriptionStore } from "./subscription-store";
