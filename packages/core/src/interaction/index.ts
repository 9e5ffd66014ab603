// The one interaction pipeline: what the handlers feed it, the ports they implement, its policy.
export { accessPolicy } from "./access-policy";
export { type Interaction, parseInteraction, type UserInteraction } from "./interaction";
export { createInteractionPipeline, type InteractionPipeline } from "./interaction-pipeline";
export { type Dispatcher, deliveryLogOn, type Outbox, type PipelineLog, type Reply } from "./ports";
