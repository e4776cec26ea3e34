import { isAbsolute, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

/** The message of the ConfigError `env` makes loadConfig throw. */
function refusal(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    // toMatchObject: a variable added later brings its own default without breaking this list.
    expect(config).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATA_DIR: './server-data',
      dataDir: resolve('./server-data'),
      LOG_LEVEL: 'info',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      AUTH_RATE_LIMIT: 20,
      MAX_BODY_BYTES: 8 * 1024 * 1024,
      SHUTDOWN_GRACE_SECONDS: 30,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.UPDATES_DIR).toBeUndefined();
    expect(isAbsolute(config.dataDir)).toBe(true);
  });

  it('reads numbers from their text and treats empty variables as unset', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '',
      AUTH_RATE_LIMIT: '3',
      DATABASE_URL: '',
      DATA_DIR: '/srv/futasato',
      UNRELATED: 'ignored',
    });
    expect(config.PORT).toBe(0);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.AUTH_RATE_LIMIT).toBe(3);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toBe('/srv/futasato');
  });

  it('reads TRUST_PROXY as false, true, a hop count or a list of addresses, and refuses anything else', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).TRUST_PROXY).toBe(
      '127.0.0.1,10.0.0.0/8,::1',
    );
    expect(refusal({ TRUST_PROXY: 'nginx' })).toMatch(/TRUST_PROXY: /);
  });

  it('refuses a PORT that is not a port, naming PORT', () => {
    for (const port of ['abc', '80.5', '-1', '65536']) {
      const message = refusal({ PORT: port });
      expect(message).toMatch(/^invalid server configuration:\n {2}PORT: /);
    }
  });

  it('accepts postgres:// and postgresql:// URLs only', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/futasato' }).DATABASE_URL).toBe(
      'postgres://u@db:5432/futasato',
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/futasato' }).DATABASE_URL).toBe(
      'postgresql://db/futasato',
    );
    for (const url of ['mysql://db/futasato', 'db:5432', 'https://postgres://x']) {
      expect(refusal({ DATABASE_URL: url })).toContain(
        'DATABASE_URL: must start with postgres:// or postgresql://',
      );
    }
  });

  it('names every bad variable at once, one per line', () => {
    const message = refusal({ PORT: 'abc', LOG_LEVEL: 'loud', ACCESS_TOKEN_TTL_SECONDS: '5' });
    const lines = message.split('\n').slice(1);
    expect(lines.map((l) => l.trim().split(':')[0]).sort()).toEqual([
      'ACCESS_TOKEN_TTL_SECONDS',
      'LOG_LEVEL',
      'PORT',
    ]);
  });
});
