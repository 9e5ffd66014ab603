// What the functions need of the service beyond the pipeline: its deps, caches and fallback views.
export { homeAnswerView } from "./home-view";
export { createLocationsCache } from "./locations-cache";
export { unavailableMessage } from "./messages";
export type { ServiceDeps } from "./service-types";
