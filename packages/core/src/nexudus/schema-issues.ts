import { en } from "zod/locales";
import type * as z from "zod/mini";
import { NexudusSchemaError } from "./errors";

const MAX_ISSUES = 5;

// zod/mini loads no locale (its messages would all be "Invalid input"): the English messages are asked for
// per parse rather than set globally, so that only these messages, which reach logs and errors, pay for them.
const english = en().localeError;

/** Zod issues as `Records.3.Name: expected string, received undefined` (never the offending value). */
export function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
    return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
  });
}

/** `schema.safeParse`, with the English messages `describeIssues` reports. */
export function safeParseDescribed<T>(schema: z.ZodMiniType<T>, input: unknown) {
  return schema.safeParse(input, { error: english });
}

/** Validates a Nexudus answer; a mismatch is a NexudusSchemaError naming the request path and the field. */
export function parseAnswer<T>(schema: z.ZodMiniType<T>, body: unknown, path: string): T {
  const result = safeParseDescribed(schema, body);
  if (!result.success) throw new NexudusSchemaError(path, describeIssues(result.error));
  return result.data;
}
