import { safeStorage } from 'electron';
import { PLAIN_CODEC, type SecretCodec } from '../core/sync/credentials.ts';
import { mainLog } from './main-log.ts';

/**
 * The device credential is sealed with the operating system's keychain (DPAPI on Windows, Keychain on
 * macOS, libsecret on Linux) through Electron's safeStorage, so a copied file is useless on another
 * computer or account. Where no keychain exists (a bare Linux session), the file still has owner-only
 * permissions; the log says so, so support can tell.
 */
export function keychainCodec(): SecretCodec {
  if (!safeStorage.isEncryptionAvailable()) {
    mainLog().warn('no OS keychain: the device credential is protected by file permissions only');
    return PLAIN_CODEC;
  }
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
