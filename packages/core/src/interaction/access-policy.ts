import type { Viewer } from "../blocks/models";

/** Who may do what, from `SLACK_ALLOWED_USER_IDS` and `SLACK_ADMIN_USER_IDS`. */
export interface AccessPolicy {
  /** May search, open details, share: listed in the allowed users (an empty list allows everyone) or an admin. */
  canUse(userId: string | undefined): boolean;
  /** May pause and resume webhooks (an empty admin list means nobody). */
  isAdmin(userId: string | undefined): boolean;
  /** The viewer a message is built for. */
  viewer(userId: string): Viewer;
}

/** The access policy of a configuration. */
export function accessPolicy(config: {
  SLACK_ALLOWED_USER_IDS: readonly string[];
  SLACK_ADMIN_USER_IDS: readonly string[];
}): AccessPolicy {
  const allowed = new Set(config.SLACK_ALLOWED_USER_IDS);
  const admins = new Set(config.SLACK_ADMIN_USER_IDS);
  const isAdmin = (userId: string | undefined): boolean => userId !== undefined && admins.has(userId);
  return {
    isAdmin,
    canUse: (userId) =>
      userId !== undefined && userId !== "" && (allowed.size === 0 || allowed.has(userId) || isAdmin(userId)),
    viewer: (userId) => ({ userId, isAdmin: isAdmin(userId) }),
  };
}
