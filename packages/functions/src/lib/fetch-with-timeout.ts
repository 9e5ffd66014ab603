/**
 * A fetch that gives up after `timeoutMs` unless the caller set a tighter signal: Bolt's `respond()` has
 * no timeout of its own, and a hanging `response_url` must not hold the Lambda past Slack's deadline.
 */
export function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}
