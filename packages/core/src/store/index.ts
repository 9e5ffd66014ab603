export type { AppStore } from "./app-store";
export type { Leases } from "./leases";
export type { Marks } from "./marks";
export { SHARED_LIMITS, SharedBudgetContendedError, sharedRateBudget } from "./shared-rate-budget";
export { sharedTokenCache } from "./shared-token-cache";
export {
  isLoopbackEndpoint,
  LOCAL_TABLE_NAME,
  LOOPBACK_CREDENTIALS,
  LOOPBACK_REGION,
  TABLE_SCHEMA,
} from "./table-schema";
export { locationsKeyOf, rateBudgetKeyOf, tokenKeyOf } from "./token-key";
export type { Values } from "./values";
export type { VersionedCell } from "./versioned-cell";
