export { AUTO_DISABLE_AFTER, type DeliveryController } from "./deliveries";
export { DEMO_SECRETS, demoAccount } from "./demo-account";
export { DEMO_CREDENTIALS } from "./demo-credentials";
export { type GenerateAccountOptions, generateAccount } from "./generate-account";
export { PUBLISHED_LIMITS } from "./rate-limiter";
export type { SearchEnvelope } from "./search-records";
export { startEmulator } from "./start-emulator";
export { DEMO_TIME_ZONES } from "./time-zones";
export type {
  Account,
  AccountQuirks,
  Credentials,
  Emulator,
  EmulatorOptions,
  FaultController,
  FaultKind,
  RateLimitOptions,
  RecordedRequest,
  Role,
} from "./types";
