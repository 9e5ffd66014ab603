// The watch over failing webhooks, for the watch function and local mode: run it, and its ports.
export { ALERTS_OFF_WHY, type AlertConfig, alertConfigOf } from "./alert-config";
export { channelRouter } from "./alert-router";
export {
  type AlertStore,
  guardHolds,
  type Mute,
  SNOOZE_SAME_WITHIN_MS,
  type WatchState,
} from "./alert-store";
export { INCIDENT_EVENT_TYPE } from "./incident-message";
export { FLAG_KEYS, type Incident, type IncidentFlags } from "./incident-model";
export {
  type AlertSlackPort,
  emptyWatchResult,
  runWatch,
  type WatchDeps,
  type WatchRunResult,
} from "./run-watch";
