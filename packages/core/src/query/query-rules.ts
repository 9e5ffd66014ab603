import { code } from "./mrkdwn";
import { queryError } from "./query-builder";
import type { QueryError, SearchQuery } from "./query-types";
import { readableQuery, wordValue } from "./term-text";

/** The term that set a field or a range end (`errors.min`), if one did. */
type SourceOf = (part: string) => string | undefined;

/** A contradiction between fields, found once every term is read. */
type Rule = (q: SearchQuery, sourceOf: SourceOf) => QueryError | undefined;

/*
 * Contradictions between two fields. Each field's own mistakes are its row's (`Field.validate`); these
 * are the ones no single row can see.
 */
const RULES: readonly Rule[] = [
  (q, sourceOf) => {
    if (!q.words || q.name === undefined) return undefined;
    const words = q.words.join(" ");
    // As a person types it: quoted where needed, but not entity-encoded (that is canonical text's, for
    // reading back from a button); the renderer escapes it once for where it lands.
    const bare = readableQuery([q.name, ...q.words].map((w) => wordValue(w, () => false)).join(" "));
    return queryError(
      "contradiction",
      sourceOf("words") ?? words,
      `${code(words)} and ${code(sourceOf("name") ?? "name:")} both search the name. Keep one of them, or write every word bare (${code(bare)}): each must appear.`,
      [bare],
    );
  },
  (q) =>
    q.failing && q.healthy
      ? queryError("contradiction", "healthy", `${code("failing")} contradicts ${code("healthy")}: pick one.`)
      : undefined,
  (q, sourceOf) => {
    if (!q.healthy || (q.errors?.min ?? 0) <= 0) return undefined;
    const term = sourceOf("errors.min") ?? "errors:";
    return queryError(
      "contradiction",
      term,
      `${code("healthy")} means no errors, which contradicts ${code(term)}.`,
    );
  },
  (q, sourceOf) => {
    if (!q.failing || q.errors?.max !== 0) return undefined;
    const term = sourceOf("errors.max") ?? "errors:";
    return queryError(
      "contradiction",
      term,
      `${code("failing")} means at least one error, which contradicts ${code(term)}.`,
    );
  },
];

/** The contradictions between the fields of a query. */
export function contradictions(query: SearchQuery, sourceOf: SourceOf): QueryError[] {
  return RULES.flatMap((rule) => rule(query, sourceOf) ?? []);
}
