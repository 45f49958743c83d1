// The player's identity towards the server: a bearer token, created once with
// createPlayer and kept by the caller's storage.
//
// A stored token can go stale (the server's database was reset, say). The
// session then creates a new player without bothering the player, saves the
// new token, tells `onNewPlayer`, and tries the refused request once more.

import { createApi } from "./api.js";
import { createIntent, perform } from "./intent.js";

/**
 * Creates a session against `endpoint`. `loadToken()` and `saveToken(token)`
 * read and write wherever the caller keeps the token.
 */
export function createSession({ endpoint, loadToken, saveToken, onNewPlayer = () => {} }) {
  let token = loadToken() ?? null;
  let creating = null;
  const api = createApi({ endpoint, getToken: () => token });

  /** Creates a player unless we already hold a token; concurrent callers share one creation. */
  function ensurePlayer(options) {
    if (token) return Promise.resolve(token);
    creating ??= perform(createIntent("create player"), (key) => api.createPlayer(key), options)
      .then((payload) => {
        token = payload.token;
        saveToken(token);
        return token;
      })
      .finally(() => {
        creating = null;
      });
    return creating;
  }

  /**
   * Carries out `intent` with `operation(key)` as the current player. A
   * refused token is replaced once, and the operation tried again with the
   * same key.
   */
  async function authorized(intent, operation, options) {
    await ensurePlayer(options);
    try {
      return await perform(intent, operation, options);
    } catch (error) {
      if (error?.code !== "UNAUTHENTICATED") throw error;
      token = null;
      saveToken(null);
      await ensurePlayer(options);
      onNewPlayer();
      return perform(intent, operation, options);
    }
  }

  return {
    api,
    ensurePlayer,
    authorized,
    /** Drops the token, so the next request that needs one creates a new player. */
    forget() {
      token = null;
    },

    /** The token in use, for a live connection's connection_init. */
    get token() {
      return token;
    },
  };
}
