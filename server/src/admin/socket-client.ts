import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';

/**
 * The CLI's side of the admin socket (socket.ts is the server's side, which runs the commands through
 * `runCli`): kept apart so the CLI and the socket server do not import each other.
 */

export function adminSocketPath(dataDir: string): string {
  return `${dataDir}/admin.sock`;
}

/** Sends one command to a running server; null when nobody listens (then open the database directly). */
export async function sendAdminCommand(
  path: string,
  argv: readonly string[],
): Promise<{ status: number; stdout: string; stderr: string } | null> {
  if (!existsSync(path)) return null;
  return new Promise((resolveAnswer) => {
    const socket = createConnection(path);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv })}\n`));
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => {
      try {
        resolveAnswer(JSON.parse(answer) as { status: number; stdout: string; stderr: string });
      } catch {
        resolveAnswer(null);
      }
    });
    socket.on('error', () => resolveAnswer(null));
  });
}
