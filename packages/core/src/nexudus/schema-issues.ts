import type { z } from "zod";
import { NexudusSchemaError } from "./errors";

const MAX_ISSUES = 5;

/** Zod issues as `Records.3.Name: expected string, received undefined` (never the offending value). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
    return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
  });
}

/** Validates a Nexudus answer; a mismatch is a NexudusSchemaError naming the request path and the field. */
export function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, path: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new NexudusSchemaError(path, describeIssues(result.error));
  return result.data;
}
