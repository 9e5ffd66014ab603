import type { BenchRow } from "./bench-row";

/** The benchmark cases of `npm run bench`, in the order the table shows them. */
export const CASES: Record<string, () => Promise<() => Promise<BenchRow[]>>> = {
  parse: async () => (await import("./parse-bench")).benchParse,
  cold: async () => (await import("./cold-start-bench")).benchColdStart,
  "round-trips-250": async () => (await import("./round-trips-bench")).roundTripsAt(250),
  "round-trips-600": async () => (await import("./round-trips-bench")).roundTripsAt(600),
  "shared-budget": async () => (await import("./shared-budget-bench")).benchSharedBudget,
  warm: async () => (await import("./warm-bench")).benchWarm,
  deadline: async () => (await import("./deadline-bench")).benchDeadline,
  digest: async () => (await import("./digest-bench")).benchDigest,
  "hostile-digest": async () => (await import("./hostile-digest-bench")).benchHostileDigest,
  watch: async () => (await import("./watch-bench")).benchWatch,
  soak: async () => (await import("./soak-bench")).benchSoak,
  subscriptions: async () => (await import("./subscriptions-bench")).benchSubscriptions,
};
