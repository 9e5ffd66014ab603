// The one deadline type and the timing constants, and the zone arithmetic the emulator shares.
export { byDeadline, callOptionsOf, type Deadline, DeadlineError, deadlineAt, notAfter } from "./deadline";
export { TIMING, type Timing } from "./timing";
export { wallTimeAt } from "./zoned-time";
