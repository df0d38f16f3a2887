/**
 * The e2e server (Playwright's `webServer`): a fresh SQLite data folder, two administrators
 * created with the real CLI (password on stdin, as the README tells an installer to do) — the
 * second confirms the judicial access of the accounts the first creates in a new centre (four
 * eyes, shared/auth/restricted.ts) — then the real server in the foreground until Playwright
 * stops it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { e2eAdmin, e2eSecondAdmin } from './serverApi';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = process.env.MASAR_DATA_DIR;
if (!dataDir) throw new Error('MASAR_DATA_DIR must be set for the e2e server');
rmSync(dataDir, { recursive: true, force: true });

for (const admin of [e2eAdmin, e2eSecondAdmin]) {
  const created = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/src/main.ts',
      'create-admin',
      '--username',
      admin.username,
      '--display-name',
      admin.displayName,
    ],
    { cwd: root, input: `${admin.password}\n`, encoding: 'utf8', env: process.env },
  );
  if (created.status !== 0) {
    process.stderr.write(`create-admin failed: ${created.stdout}${created.stderr}\n`);
    process.exit(1);
  }
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.kill(signal);
  });
}
server.on('exit', (code) => process.exit(code ?? 0));
