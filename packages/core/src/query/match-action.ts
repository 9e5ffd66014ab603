import { ACTIONS, actionById } from "../nexudus/actions";
import { editDistance, typoTolerance } from "./edit-distance";

/** The outcome of reading an `action:` value. */
export type ActionMatch =
  | { ok: true; id: number }
  | { ok: false; reason: "out-of-range" }
  | { ok: false; reason: "unknown"; suggestions: string[] }
  /** Several actions: their names, closest first, and their ids in the same order. */
  | { ok: false; reason: "ambiguous"; candidates: string[]; ids: number[] };

interface Entry {
  id: number;
  name: string;
  /** Lower case, letters and digits only. */
  norm: string;
  /** `norm` of each suffix of the camel-case words (`coworkerinvoicepaid`, `invoicepaid`, `paid`), for typos. */
  tails: string[];
}

const ENTRIES: readonly Entry[] = ACTIONS.map((a) => {
  const words = a.name.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
  return {
    id: a.id,
    name: a.name,
    norm: a.name.toLowerCase(),
    tails: words.map((_, k) => words.slice(k).join("")),
  };
});

/** Exact names by normal form, plus the spelling people expect for Nexudus's `HelDeskMessageCreated`. */
const BY_NORM: ReadonlyMap<string, number> = new Map([
  ...ENTRIES.map((e) => [e.norm, e.id] as const),
  ["helpdeskmessagecreated", 45],
]);

/** Words people use for what the enum calls something else. */
const SYNONYMS: Readonly<Record<string, string>> = {
  member: "coworker",
  members: "coworker",
  helpdesk: "heldesk",
};
const STOP_WORDS = new Set(["a", "an", "the", "of", "on", "for", "when", "is", "webhook"]);

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The forms of a typed word that may appear in an enum name: `created` → `created`, `create`. */
function stems(word: string): string[] {
  const forms = [word];
  for (const suffix of ["d", "ed", "s", "es", "ing"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) forms.push(word.slice(0, -suffix.length));
  }
  return forms;
}

const IMPLIED_PREFIX = "coworker";

/** Where the first of `forms` that occurs in `norm` starts (-1: none does), and that form. */
function firstForm(norm: string, forms: readonly string[]): { at: number; form: string } | undefined {
  for (const form of forms) {
    const at = norm.indexOf(form);
    if (at >= 0) return { at, form };
  }
  return undefined;
}

/**
 * How many letters of an enum name the words (each as its `stems`) leave unexplained (`undefined` when a
 * word is not in it). A leading `Coworker` nobody typed is implied when several words were given: people
 * say "invoice create", not "coworker invoice create" (one word alone, such as "created", stays ambiguous).
 */
function unexplainedLetters(norm: string, words: readonly (readonly string[])[]): number | undefined {
  // Most names lack some word: they are turned away before anything is allocated.
  for (const forms of words) if (!firstForm(norm, forms)) return undefined;
  const covered = new Uint8Array(norm.length);
  for (const forms of words) {
    const { at, form } = firstForm(norm, forms)!;
    covered.fill(1, at, at + form.length);
  }
  let unexplained = 0;
  for (const c of covered) if (c === 0) unexplained++;
  if (
    words.length > 1 &&
    norm.startsWith(IMPLIED_PREFIX) &&
    covered.subarray(0, IMPLIED_PREFIX.length).every((c) => c === 0)
  ) {
    unexplained -= IMPLIED_PREFIX.length;
  }
  return unexplained;
}

/**
 * Reads an action: a number (1–90), an enum name in any case, or words (`invoice paid`, `booking created`)
 * that all appear in exactly one name, or that spell out one name whole (an unsaid leading `Coworker` aside).
 */
export function matchAction(value: string): ActionMatch {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const id = trimmed.length <= 3 ? Number(trimmed) : 0;
    return actionById(id) ? { ok: true, id } : { ok: false, reason: "out-of-range" };
  }
  const norm = normalize(trimmed);
  if (norm === "") return { ok: false, reason: "unknown", suggestions: [] };
  const exact = BY_NORM.get(norm);
  if (exact !== undefined) return { ok: true, id: exact };

  const words = trimmed
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 2 && !STOP_WORDS.has(w))
    .map((w) => SYNONYMS[w] ?? w);
  const matches: { entry: Entry; unexplained: number }[] = [];
  if (words.length > 0) {
    const forms = words.map(stems);
    for (const entry of ENTRIES) {
      const unexplained = unexplainedLetters(entry.norm, forms);
      if (unexplained !== undefined) matches.push({ entry, unexplained });
    }
  }
  matches.sort((a, b) => a.unexplained - b.unexplained || a.entry.id - b.entry.id);
  const [first, second] = matches;
  // Words that explain a whole name win; anything looser is a guess, and guesses are listed instead.
  if (first && (!second || (first.unexplained === 0 && second.unexplained > 0))) {
    return { ok: true, id: first.entry.id };
  }
  if (first) {
    return {
      ok: false,
      reason: "ambiguous",
      candidates: matches.map((m) => m.entry.name),
      ids: matches.map((m) => m.entry.id),
    };
  }

  const max = typoTolerance(norm.length);
  // Tails much shorter than the input (`none` for `invoce`) are near only by accident.
  const scored = ENTRIES.map((entry) => ({
    entry,
    distance: Math.min(
      ...entry.tails.filter((t) => t.length >= norm.length - max).map((t) => editDistance(norm, t, max)),
      max + 1,
    ),
  }))
    .filter((s) => s.distance <= max)
    .sort((a, b) => a.distance - b.distance || a.entry.id - b.entry.id);
  return { ok: false, reason: "unknown", suggestions: scored.slice(0, 3).map((s) => s.entry.name) };
}
