import { mulberry32 } from "./prng";
import type { AccountQuirks, FaultController, FaultKind } from "./types";

const KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  409,
  429,
  500,
  502,
  503,
  "malformed",
  "drop",
  "timeout",
  "html-403",
  "write-refused",
  "write-ignored",
]);

/** Faults that wait for the next write. */
const WRITE_ONLY: ReadonlySet<FaultKind> = new Set<FaultKind>(["write-refused", "write-ignored"]);

/** The tidy default: every documented field, ISO dates, full rights. */
export function defaultQuirks(): AccountQuirks {
  return { envelope: "full", dates: "iso", malformedIds: [], apiAccess: true, missingRoles: [] };
}

const ENVELOPES = new Set(["full", "drifted"]);
const DATE_STYLES = new Set(["iso", "ms-date", "local"]);

function checkKind(kind: FaultKind): FaultKind {
  if (!KINDS.has(kind)) throw new TypeError(`Unknown fault kind: ${String(kind)}`);
  return kind;
}

/** The fault state of one emulator, plus the draw the server makes per `/sys` request. */
export class Faults implements FaultController {
  latencyMs: number;
  /** What the server reads on every `/sys` answer. */
  current: AccountQuirks = defaultQuirks();
  #queue: FaultKind[] = [];
  #afterWrite: FaultKind[] = [];
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

  afterWrite(kinds: FaultKind[]): void {
    this.#afterWrite.push(...kinds.map(checkKind));
  }

  fraction(p: number, kind: FaultKind): void {
    if (!(p >= 0 && p <= 1)) throw new RangeError("p must be within [0, 1]");
    this.#fractions.push({ p, kind: checkKind(kind) });
  }

  expireTokens(): void {
    this.onExpireTokens();
  }

  quirks(changes: Partial<AccountQuirks>): void {
    if (changes.envelope !== undefined && !ENVELOPES.has(changes.envelope))
      throw new TypeError(`Unknown envelope quirk: ${String(changes.envelope)}`);
    if (changes.dates !== undefined && !DATE_STYLES.has(changes.dates))
      throw new TypeError(`Unknown date style: ${String(changes.dates)}`);
    this.current = {
      ...this.current,
      ...changes,
      malformedIds: [...(changes.malformedIds ?? this.current.malformedIds)],
      missingRoles: [...(changes.missingRoles ?? this.current.missingRoles)],
    };
  }

  reset(): void {
    this.current = defaultQuirks();
    this.latencyMs = 0;
    this.#queue = [];
    this.#afterWrite = [];
    this.#fractions = [];
    this.#random = mulberry32(this.#seed);
  }

  /**
   * The fault for the next `/sys` request, if any. A queued write fault (`"write-refused"`,
   * `"write-ignored"`) waits for the next write: reads pass it by without consuming it.
   */
  draw(isWrite: boolean): FaultKind | undefined {
    const fault = this.#drawNow(isWrite);
    // Faults armed for after a write go first in line, whatever the write itself was answered.
    if (isWrite && this.#afterWrite.length > 0) this.#queue.unshift(...this.#afterWrite.splice(0));
    return fault;
  }

  #drawNow(isWrite: boolean): FaultKind | undefined {
    const head = this.#queue[0];
    if (head !== undefined && (!WRITE_ONLY.has(head) || isWrite)) return this.#queue.shift();
    for (const { p, kind } of this.#fractions) {
      if (WRITE_ONLY.has(kind) && !isWrite) continue;
      if (this.#random() < p) return kind;
    }
    return undefined;
  }
}
