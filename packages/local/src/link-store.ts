/** Long links kept under short ids, so the terminal can print `http://127.0.0.1:3000/kit/7` instead. */
export interface LinkStore {
  /** Stores a link; returns its id. */
  add(url: string): string;
  get(id: string): string | undefined;
}

/**
 * A bounded in-memory link store (oldest dropped first). Block Kit Builder links carry the whole message
 * in the URL and run to several kilobytes: printed in full they would bury the answer they belong to.
 */
export function createLinkStore(max = 500): LinkStore {
  const links = new Map<string, string>();
  let next = 0;
  return {
    add(url) {
      const id = String(++next);
      links.set(id, url);
      if (links.size > max) links.delete(links.keys().next().value as string);
      return id;
    },
    get(id) {
      return links.get(id);
    },
  };
}
