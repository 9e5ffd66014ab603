// The state table's shape and ports, for the DynamoDB adapters: shared token cache and rate budget.
export type { AppStore } from "./app-store";
export type { Leases } from "./leases";
export type { Marks } from "./marks";
export { SHARED_LIMITS, sharedRateBudget } from "./shared-rate-budget";
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
