export { ensureAppTable } from "./ensure-app-table";
export {
  type LocalTable,
  type LocalTableOptions,
  localTableClient,
  startLocalTable,
} from "./start-local-table";
