// Block Kit pieces others share: action ids and values, safe untrusted text, the Slack limits check.
export { ACTION_IDS, decodeActionValue, encodeActionValue, encodeRowChoice, rowChoiceOf } from "./action-ids";
export { queryErrorMessage } from "./error-messages";
export type { SlackMessage, Viewer } from "./models";
export { OVERVIEW_SEARCHES } from "./overview-message";
export { resultsMessage } from "./results-message";
export { SUBSCRIPTION_VIEW_ID } from "./subscription-action-ids";
export {
  cleanLine,
  codeBlock,
  count,
  inlineCode,
  safeLiteral,
  safeParagraphs,
  safeText,
} from "./untrusted-text";
export { validateMessage } from "./validate-message";
