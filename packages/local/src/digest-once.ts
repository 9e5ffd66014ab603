import { describeDigestResult } from "./describe-digest-result";
import { runOnce } from "./run-once";

/* `npm run digest`: one digest run, what it posted rendered here; exit 0 on success, 1 when it failed. */
await runOnce({ name: "digest", run: (handlers) => handlers.digest(), describe: describeDigestResult });
