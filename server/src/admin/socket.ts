import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { Kysely } from 'kysely';
import type { ServerDB } from '../db/schema.ts';
import { runCli } from './cli.ts';

/**
 * The embedded database belongs to one process (data-dir-lock.ts), so while the server runs on it the
 * administration CLI cannot open it. Instead the server listens on a Unix socket inside its data
 * directory, readable and writable by its owner only, and runs CLI commands sent there through the
 * very same `runCli`. Whoever may use the socket could open the database files anyway: no new power.
 *
 * One request per connection: a line of JSON `{"argv": [...]}`; the answer is one line
 * `{"status": n, "stdout": "...", "stderr": "..."}`.
 */

export async function startAdminSocket(
  path: string,
  db: Kysely<ServerDB>,
  updatesDir?: string,
): Promise<Server> {
  if (existsSync(path)) rmSync(path, { force: true }); // left by a crash: nobody listens on it
  const server = createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      input += chunk;
      if (input.length > 64 * 1024) socket.destroy();
      const newline = input.indexOf('\n');
      if (newline < 0) return;
      void (async () => {
        let stdout = '';
        let stderr = '';
        let status = 2;
        try {
          const { argv } = JSON.parse(input.slice(0, newline)) as { argv: unknown };
          if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
            throw new Error('bad request');
          status = await runCli(argv, {
            db,
            updatesDir,
            stdout: { write: (t: string) => (stdout += t) },
            stderr: { write: (t: string) => (stderr += t) },
          });
        } catch (error) {
          stderr += `futasato-admin: INVALID_REQUEST: ${(error as Error).message}\n`;
        }
        socket.end(`${JSON.stringify({ status, stdout, stderr })}\n`);
      })();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolveListen());
  });
  chmodSync(path, 0o600);
  return server;
}
