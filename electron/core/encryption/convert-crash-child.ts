import { CONVERSION_STEPS, prepareEncryptedDatabase } from './convert-database.ts';
import { secretFromHex } from './keys.ts';

/**
 * Test helper process for convert-database.test.ts: converts the clear database at argv[2] with the
 * secret read from stdin (never argv). It kills itself with SIGKILL when the step named in argv[3]
 * completes ('none': never), a crash at that point with no clean-up of any kind; the test also kills
 * it from outside at a random moment after it says `go`.
 */
const [dbPath, crashStep] = process.argv.slice(2) as [string, string];
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', () => {
  const secret = secretFromHex(input.trim());
  process.stdout.write('go\n');
  setImmediate(() => {
    prepareEncryptedDatabase(dbPath, secret, {
      onStep: (step) => {
        if (step === crashStep && CONVERSION_STEPS.includes(step)) process.kill(process.pid, 'SIGKILL');
      },
    });
    process.stdout.write('done\n');
  });
});
