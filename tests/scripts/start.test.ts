import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm start', () => {
  it('says in one sentence that the Electron binary is missing and points to the browser mode', () => {
    // Electron's package resolves its binary under this folder, which does not exist.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/masar-electron-dist' },
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Le binaire d'Electron n'est pas installé");
    expect(lines[0]).toContain('npm run start:web');
    expect(result.stdout).toBe('');
  });
});
