/**
 * `npm start`: builds Masar, starts a local central server on SQLite, and opens the desktop app.
 * `npm start -- --web` (`npm run start:web`): the same server serving the renderer to a browser.
 *
 * The Electron binary is downloaded by the `electron` package at first use; where that is
 * impossible (an offline machine, CI) this script says so in one sentence and points to the
 * browser mode instead of printing a stack trace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const isWeb = process.argv.includes('--web');
const port = process.env.PORT ?? '8787';
const host = process.env.HOST ?? '127.0.0.1';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\nÉchec de « ${[command, ...args].join(' ')} ».`);
    process.exit(result.status ?? 1);
  }
}

/** Asks the `electron` package for its binary in a child process, so a failed download stays quiet. */
function findElectronBinary(): string | null {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const binary = probe.status === 0 ? probe.stdout.trim() : '';
  return binary !== '' && existsSync(binary) ? binary : null;
}

function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: port, HOST: host },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('Masar server listening on')) resolve(server);
      else if (process.env.MASAR_SHOW_SERVER_LOGS) console.log(line);
    });
    server.once('exit', (code) => {
      reject(new Error(`le serveur s'est arrêté (code ${code ?? 'inconnu'})`));
    });
  });
}

async function main(): Promise<void> {
  const electronBinary = isWeb ? null : findElectronBinary();
  if (!isWeb && !electronBinary) {
    console.error(
      "Le binaire d'Electron n'est pas installé sur cette machine (téléchargement impossible) : lancez Masar dans le navigateur avec « npm run start:web », puis ouvrez l'adresse affichée.",
    );
    process.exit(1);
  }

  run('npm', ['run', '--silent', isWeb ? 'build:renderer' : 'build']);
  let server: ChildProcess;
  try {
    server = await startServer();
  } catch (error) {
    console.error(`Impossible de démarrer le serveur central : ${String(error)}`);
    process.exit(1);
  }
  const url = `http://${host}:${port}`;
  const stop = () => {
    server.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.once('exit', (code) => process.exit(code ?? 0));

  if (isWeb) {
    console.log(`Masar est prêt : ouvrez ${url} dans votre navigateur (Ctrl+C pour arrêter).`);
    return;
  }
  console.log(`Serveur central local : ${url}. Ouverture de Masar…`);
  const app = spawn(electronBinary as string, ['.'], { cwd: root, stdio: 'inherit' });
  app.once('exit', stop);
}

void main();
