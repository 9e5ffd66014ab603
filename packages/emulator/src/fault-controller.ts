import { mulberry32 } from "./prng";
import type { FaultController, FaultKind } from "./types";

const KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  409,
  429,
  500,
  502,
  503,
  "malformed",
  "drop",
  "timeout",
  "write-refused",
]);

function checkKind(kind: FaultKind): FaultKind {
  if (!KINDS.has(kind)) throw new TypeError(`Unknown fault kind: ${String(kind)}`);
  return kind;
}

/** The fault state of one emulator, plus the draw the server makes per `/sys` request. */
export class Faults implements FaultController {
  latencyMs: number;
  #queue: FaultKind[] = [];
  #fractions: Array<{ p: number; kind: FaultKind }> = [];
  #random: () => number;
  readonly #seed: number;

  constructor(
    latencyMs: number,
    seed: number,
    private readonly onExpireTokens: () => void,
  ) {
    this.latencyMs = latencyMs;
    this.#seed = seed;
    this.#random = mulberry32(seed);
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("latency must be a non-negative number of ms");
    this.latencyMs = ms;
  }

  sequence(kinds: FaultKind[]): void {
    this.#queue.push(...kinds.map(checkKind));
  }

  fraction(p: number, kind: FaultKind): void {
    if (!(p >= 0 && p <= 1)) throw new RangeError("p must be within [0, 1]");
    this.#fractions.push({ p, kind: checkKind(kind) });
  }

  expireTokens(): void {
    this.onExpireTokens();
  }

  reset(): void {
    this.latencyMs = 0;
    this.#queue = [];
    this.#fractions = [];
    this.#random = mulberry32(this.#seed);
  }

  /**
   * The fault for the next `/sys` request, if any. A queued `"write-refused"` waits for the next write:
   * reads pass it by without consuming it.
   */
  draw(isWrite: boolean): FaultKind | undefined {
    const head = this.#queue[0];
    if (head !== undefined && (head !== "write-refused" || isWrite)) return this.#queue.shift();
    for (const { p, kind } of this.#fractions) {
      if (kind === "write-refused" && !isWrite) continue;
      if (this.#random() < p) return kind;
    }
    return undefined;
  }
}
