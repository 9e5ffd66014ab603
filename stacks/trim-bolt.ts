/*
 * Typed structurally rather than with esbuild's `Plugin`: SST bundles with its own esbuild copy, whose
 * types differ from the root one's, and this plugin needs only `onLoad`, which both have.
 */
interface OnLoadBuild {
  onLoad(
    options: { filter: RegExp },
    callback: (args: { path: string }) => { contents: string; loader: "js" },
  ): void;
}

const UNUSED_RECEIVER =
  /[\\/]@slack[\\/]bolt[\\/]dist[\\/]receivers[\\/](HTTPReceiver|ExpressReceiver|SocketModeReceiver)(\.js)?$/;

/**
 * Bolt's `App` and index load every receiver at start-up: HTTPReceiver, ExpressReceiver (express,
 * body-parser, iconv-lite) and SocketModeReceiver (@slack/socket-mode, undici), about 0.9 MB minified, which
 * a Lambda on `AwsLambdaReceiver` never constructs (`App` builds one only when no receiver is given). This
 * esbuild plugin swaps those three modules for stubs that throw if constructed, which cuts the bundle and
 * the cold start. Used by the stacks for every bot function, and by `npm run bench`.
 */
export const trimBoltReceivers = {
  name: "trim-bolt-receivers",
  setup(build: OnLoadBuild): void {
    build.onLoad({ filter: UNUSED_RECEIVER }, (args) => {
      const name = UNUSED_RECEIVER.exec(args.path)?.[1] ?? "Receiver";
      return {
        loader: "js",
        contents: `"use strict";
class ${name} { constructor() { throw new Error("${name} is not bundled: this function runs on AwsLambdaReceiver"); } }
module.exports = { __esModule: true, default: ${name} };`,
      };
    });
  },
};
