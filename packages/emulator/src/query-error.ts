/** A malformed query parameter or body field; answered as a 400 validation envelope naming it. */
export class QueryError extends Error {
  override name = "QueryError";
  constructor(
    readonly parameter: string,
    readonly attemptedValue: unknown,
    message: string,
  ) {
    super(message);
  }
}
