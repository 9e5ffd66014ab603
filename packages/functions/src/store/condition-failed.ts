/** True for DynamoDB's "the condition did not hold" (another writer got there first). */
export function conditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}
