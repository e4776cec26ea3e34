/** The 更新 card of the 同期 page: this version, the offered one, and where its download stands. */
export type UpdatePhase = 'idle' | 'checking' | 'none' | 'available' | 'downloading' | 'ready' | 'failed';

export interface UpdateStatusView {
  currentVersion: string;
  phase: UpdatePhase;
  /** The offered version (signature checked), when there is one. */
  version: string | null;
  releaseDate: string | null;
  /** The installer's size in bytes. */
  bytes: number | null;
  /** Bytes downloaded so far (while downloading; equal to `bytes` when ready). */
  received: number | null;
  /** The link is marked metered (同期 → 写真の元画像を待つ): downloads wait for the user. */
  metered: boolean;
  /** The server refused to sync with this version: the update is needed to work again. */
  required: boolean;
  /** A stable code (updates.error.<code> in i18n) when the last check or download failed. */
  errorCode: string | null;
  lastCheckedAt: string | null;
  /**
   * Counts the core's state changes: an answer and a pushed event travel by different paths, so the
   * page keeps the view with the higher revision (an answer read before a change must not undo it).
   */
  revision: number;
}

/** What 「再起動して更新」 hands to the main process: the verified installer and its SHA-512. */
export interface VerifiedInstallerView {
  version: string;
  path: string;
  /** base64 SHA-512 from the signed manifest; the main process checks the file against it again. */
  sha512: string;
  size: number;
}
