// The Nexudus emulator for tests, local mode and the bench, and the accounts it serves.
export { DEMO_SECRETS, demoAccount } from "./demo-account";
export { DEMO_CREDENTIALS } from "./demo-credentials";
export { generateAccount } from "./generate-account";
export { PUBLISHED_LIMITS } from "./rate-limiter";
export { startEmulator } from "./start-emulator";
export { DEMO_TIME_ZONES } from "./time-zones";
export type { Account, AccountQuirks, Credentials, Emulator, EmulatorOptions, FaultKind } from "./types";
