import type { SSTConfig } from "sst";
import { BotStack } from "./stacks/bot-stack";

/** The SST v2 app. `--region` on the command line wins over AWS_REGION, then us-east-1. */
export default {
  config() {
    return {
      name: "nexudus-webhook-health",
      region: process.env.AWS_REGION || "us-east-1",
    };
  },
  stacks(app) {
    // Personal and preview stages clean up after `sst remove`; prod keeps its data (secret, logs).
    if (app.stage !== "prod") app.setDefaultRemovalPolicy("destroy");
    app.stack(BotStack);
  },
} satisfies SSTConfig;
