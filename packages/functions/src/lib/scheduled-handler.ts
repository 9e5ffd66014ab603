import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { createLogger, describeError } from "./logger";
import { once } from "./once";

/**
 * A scheduled function's handler (the digest, the watch): its dependencies built once per environment, the
 * invocation's context on every log line, and any failure logged as `<what> failed` and thrown, so that
 * Lambda counts an error and the alarm fires. A failure to build (a bad secret, say) is logged with a
 * logger of its own, since the configured one was never made.
 */
export function scheduledHandler<D extends { logger: Logger }, E, R>(
  what: string,
  load: () => Promise<D>,
  run: (built: D, event: E, context: Context | undefined) => Promise<R>,
): (event?: E, context?: Context) => Promise<R> {
  const deps = once(load);
  return async (event, context) => {
    let built: D;
    try {
      built = await deps();
    } catch (error) {
      const logger = createLogger();
      if (context) logger.addContext(context);
      logger.error(`${what} failed`, describeError(error));
      throw error;
    }
    const { logger } = built;
    if (context) logger.addContext(context);
    try {
      return await run(built, event as E, context);
    } catch (error) {
      logger.error(`${what} failed`, describeError(error));
      throw error;
    }
  };
}
