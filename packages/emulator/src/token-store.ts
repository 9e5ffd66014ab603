import { randomBytes } from "node:crypto";

/** The answer of `POST /token`. */
export interface TokenGrant {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  refresh_token: string;
}

interface AccessEntry {
  username: string;
  expiresAt: number;
}

function opaqueToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Issues, refreshes and verifies the emulator's bearer tokens, on the emulator's clock. */
export class TokenStore {
  readonly #access = new Map<string, AccessEntry>();
  readonly #refresh = new Map<string, string>();
  /** The one refresh token each client (username) may use: issuing a new one invalidates the others. */
  readonly #latest = new Map<string, string>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** A new access/refresh pair for `username`; its earlier refresh tokens stop working (rotation). */
  issue(username: string): TokenGrant {
    const access = opaqueToken();
    const refresh = opaqueToken();
    this.#access.set(access, { username, expiresAt: this.now() + this.ttlSeconds * 1000 });
    const earlier = this.#latest.get(username);
    if (earlier !== undefined) this.#refresh.delete(earlier);
    this.#refresh.set(refresh, username);
    this.#latest.set(username, refresh);
    return {
      access_token: access,
      token_type: "bearer",
      expires_in: this.ttlSeconds,
      refresh_token: refresh,
    };
  }

  /**
   * Exchanges a refresh token for a new pair. `clientId` is the `client_id` header, which must name the
   * token's user. Rotation: only the latest refresh token of a client works, and using it issues another.
   * Undefined when refused.
   */
  refresh(refreshToken: string, clientId: string): TokenGrant | undefined {
    const username = this.#refresh.get(refreshToken);
    if (username === undefined || username !== clientId) return undefined;
    return this.issue(username);
  }

  /** The username behind a valid, unexpired access token. */
  verify(accessToken: string): string | undefined {
    const entry = this.#access.get(accessToken);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.#access.delete(accessToken);
      return undefined;
    }
    return entry.username;
  }

  /** Expires every access token issued so far; refresh tokens stay valid. */
  expireAll(): void {
    this.#access.clear();
  }
}
