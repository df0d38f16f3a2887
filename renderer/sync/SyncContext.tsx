import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRepositories, useUserDatabase } from '../db/RepositoryContext';
import { useHost } from '../host/HostContext';
import { createSyncEngine, type SyncEngine } from './engine';
import { createHostTransport } from './transport';
import type { SyncApi } from './types';

const SyncContext = createContext<SyncEngine | null>(null);

/** The version sent with every sync request (Vite injects it; absent in unit tests). */
const appVersion = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0';

/**
 * Gives the screens the sync engine of the signed-in user's database. Mount it inside
 * `RepositoryProvider` (it needs the database and the host): by default it builds the engine on
 * the host's `api:call` transport; tests pass their own `engine`.
 */
export function SyncProvider({ engine, children }: { engine?: SyncEngine; children: ReactNode }) {
  const host = useHost();
  const { db, userId, replicaId } = useUserDatabase();
  const { role } = useRepositories().author;
  const value = useMemo(
    () => engine ?? createSyncEngine({ db, transport: createHostTransport(host), userId, replicaId, role, appVersion }),
    [engine, db, host, userId, replicaId, role],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

/** The sync engine for screens: live status and lists (undefined while loading), and the actions. */
export function useSync(): SyncApi {
  const engine = useContext(SyncContext);
  if (!engine) throw new Error('useSync outside SyncProvider');
  const isSyncing = useSyncExternalStore(
    (listener) => engine.subscribe(listener),
    () => engine.isSyncing,
  );
  const stored = useLiveQuery(() => engine.readStatus(), [engine]);
  const conflicts = useLiveQuery(() => engine.readConflicts(), [engine]);
  const rejections = useLiveQuery(() => engine.readRejections(), [engine]);
  const journal = useLiveQuery(() => engine.readJournal(), [engine]);
  const status = useMemo(() => (stored ? { ...stored, isSyncing } : undefined), [stored, isSyncing]);
  return useMemo(
    () => ({
      status,
      conflicts,
      rejections,
      journal,
      preview: () => engine.preview(),
      run: (onProgress) => engine.run(onProgress),
      resolveConflict: (key, choice) => engine.resolveConflict(key, choice),
      resendRejection: (id) => engine.resendRejection(id),
      discardRejection: (id) => engine.discardRejection(id),
    }),
    [engine, status, conflicts, rejections, journal],
  );
}
