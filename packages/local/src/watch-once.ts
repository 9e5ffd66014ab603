import { describeWatchResult } from "./describe-watch-result";
import { runOnce } from "./run-once";

/* `npm run watch`: one poll of the alerts watch, what it posted rendered here; exit 0 on success, 1 when it failed. */
await runOnce({ name: "watch", run: (handlers) => handlers.watch(), describe: describeWatchResult });
