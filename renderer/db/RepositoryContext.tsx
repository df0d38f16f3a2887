import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatReplicaId, parseReplicaId } from '../../shared/sync/hlc';
import { useHost } from '../host/HostContext';
import { createBeneficiaryRepository, type BeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository, type CaseFile, type CaseFileRepository } from './caseFileRepository';
import { createConsultationRepository, type ConsultationRepository } from './consultationRepository';
import { openUserDatabase } from './database';
import type { MasarDatabase } from './tables';
import { createIncomeProjectRepository, type IncomeProjectRepository } from './incomeProjectRepository';
import {
  createCeremonyRepository,
  type CeremonyFile,
  type CeremonyListItem,
  type CeremonyRepository,
} from './ceremonyRepository';
import type { Author } from './beneficiaryRepository';
import { createBeneficiarySearch, type BeneficiarySearch } from './search/beneficiarySearch';
import { adoptReplica } from './sync/syncMeta';
import { storeCentres } from './fileNumbers';
import type { StoredCentre } from './sync/types';
import type { CentreInfo } from '../../shared/auth/schemas';
import type { Role } from '../../shared/auth/roles';
import type { DataKey } from '../crypto/dataKey';
import { createKeyRing } from './sealing/keyRing';
import { expectPlainRecords, prepareSealedDatabase } from './sealing/prepare';
import type { DamagedRecord } from './sealing/sealedStores';
import { setAsideDamaged } from './sealing/damaged';

/** The repositories of the signed-in user's database, and the live hooks screens read through. */
type Repositories = {
  beneficiaries: BeneficiaryRepository;
  caseFiles: CaseFileRepository;
  incomeProjects: IncomeProjectRepository;
  ceremonies: CeremonyRepository;
  /** Each showing of judicial data (through `useRecordConsultations`). */
  consultations: ConsultationRepository;
  /** Who writes on this PC now (stamped on what they do; the default signer of a receipt). */
  author: Author;
  beneficiarySearch: BeneficiarySearch;
};

/** What the sync engine needs of the open database (renderer/sync/SyncContext.tsx). */
export type UserDatabase = {
  readonly db: MasarDatabase;
  readonly userId: string;
  /** `<server device id>.<user id>`; undefined while this PC has no device id from the server. */
  readonly replicaId: string | undefined;
};

/**
 * What the PC had to do about the user's sealed records (docs/security.md, "The local stores"),
 * for the screens to say: a database sealed with a key no wrap opens any more, started anew; and
 * records that did not open, set aside.
 */
export type LocalDataReport = {
  /** The database was sealed with a lost key: it was started anew (`unsentChanges` among it). */
  readonly keyLost?: { readonly unsentChanges: number };
  /** Records that did not open this session, and what was done about them. */
  readonly damaged?: { readonly records: number; readonly unsentChangesLost: number };
};

const RepositoryContext = createContext<Repositories | null>(null);
const DatabaseContext = createContext<UserDatabase | null>(null);
const LocalDataReportContext = createContext<LocalDataReport>({});

/**
 * Opens the signed-in user's database once the host has said which device id the server gave
 * this PC: the clock's replica id is `<deviceId>.<userId>`, which the server checks on every op.
 * Without a device id (never registered) the capture keeps a provisional replica id, and the sync
 * engine re-stamps the unsent ops once the real one is known. Renders nothing for the moment the
 * host takes to answer.
 */
export function RepositoryProvider({
  userId,
  displayName,
  role,
  centres,
  dataKey,
  children,
}: {
  userId: string;
  /**
   * The session's data key, `null` while locked. The user's records are sealed with it when the
   * session began with one (every account since data keys; not an account of a PC from before
   * them, signed in offline): locking then empties the key ring, and the database refuses to
   * read or write until the key is back.
   */
  dataKey: DataKey | null;
  /** Stamped on what says who did it (the file's counsellor, a parcours move). */
  displayName: string;
  /** What the user may write (shared/auth/fieldRoles.ts): the repositories refuse the rest. */
  role: Role;
  /**
   * The user's centres as the server named them at sign-in: stored (and the file numbers given
   * before their code was known corrected) before any screen shows, so that the first person
   * registered on a new PC already takes the centre's code. Absent after an offline sign-in.
   */
  centres?: readonly CentreInfo[] | undefined;
  children: ReactNode;
}) {
  const host = useHost();
  const [deviceId, setDeviceId] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let isCurrent = true;
    void host['device:status']({}).then((result) => {
      if (isCurrent) setDeviceId(result.ok ? result.value.deviceId : null);
    });
    return () => {
      isCurrent = false;
    };
  }, [host]);

  const replicaId = useMemo(() => replicaIdOf(deviceId ?? null, userId), [deviceId, userId]);
  // Decided once per session: a session that began with a key seals; one without (a legacy
  // account offline) writes as before, and its records are sealed at the next session with a key.
  const [ring] = useState(() => (dataKey === null ? null : createKeyRing(dataKey)));
  useEffect(() => {
    ring?.set(dataKey);
  }, [ring, dataKey]);
  const [report, setReport] = useState<LocalDataReport>({});
  // Met during reads, set aside a moment later (one pass for many).
  const [damaged] = useState<DamagedRecord[]>(() => []);
  const [damageSeen, setDamageSeen] = useState(0);
  const onDamaged = useCallback(
    (record: DamagedRecord) => {
      damaged.push(record);
      setDamageSeen((count) => count + 1);
    },
    [damaged],
  );
  // A database sealed with a lost key is deleted and opened anew: a new generation.
  const [generation, setGeneration] = useState(0);
  const db = useMemo(
    () =>
      deviceId === undefined
        ? null
        : openUserDatabase(
            userId,
            undefined,
            replicaId ? { replicaId } : undefined,
            ring ? { keys: ring, onDamaged } : undefined,
          ),
    // `generation`: a new database object after the old one was deleted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deviceId, userId, replicaId, ring, onDamaged, generation],
  );
  useEffect(() => {
    // A PC registered again: new writes take the new replica id at once, not only after a sync.
    if (db && replicaId) void adoptReplica(db, replicaId).catch(() => undefined);
    return () => {
      db?.close();
    };
  }, [db, replicaId]);
  // The centres are the sign-in's: stored once per database opened (the pull keeps them current).
  const [storedCentresOf, setStoredCentresOf] = useState<MasarDatabase | null>(null);
  const [centresAtSignIn] = useState(centres);
  useEffect(() => {
    if (!db) return undefined;
    let isCurrent = true as boolean;
    void (async () => {
      const key = ring?.current() ?? null;
      if (!ring) await expectPlainRecords(db).catch(() => undefined);
      if (ring && key) {
        const prepared = await prepareSealedDatabase(db, userId, key);
        if (!isCurrent) return;
        if (prepared.kind === 'key-lost') {
          db.close();
          await db.delete();
          setReport((current) => ({ ...current, keyLost: { unsentChanges: prepared.unsentChanges } }));
          setGeneration((current) => current + 1);
          return;
        }
      }
      // A failure to store them is not a reason to keep the user out: numbers are corrected later.
      if (centresAtSignIn) await storeCentres(db, centresAtSignIn).catch(() => undefined);
      if (isCurrent) setStoredCentresOf(db);
    })();
    return () => {
      isCurrent = false;
    };
  }, [db, ring, userId, centresAtSignIn]);
  // Records that did not open are set aside a moment after they were met (one pass for many).
  useEffect(() => {
    if (!db || damageSeen === 0) return undefined;
    const timer = setTimeout(() => {
      const records = damaged.splice(0);
      if (records.length === 0) return;
      void setAsideDamaged(db, records)
        .catch(() => ({ unsentChangesLost: 0 }))
        .then(({ unsentChangesLost }) => {
          setReport((current) => ({
            ...current,
            damaged: {
              records: (current.damaged?.records ?? 0) + records.length,
              unsentChangesLost: (current.damaged?.unsentChangesLost ?? 0) + unsentChangesLost,
            },
          }));
        });
    }, 500);
    return () => {
      clearTimeout(timer);
    };
  }, [db, damaged, damageSeen]);
  const repositories = useMemo(() => {
    if (!db) return null;
    const author: Author = { userId, name: displayName, role };
    return {
      beneficiaries: createBeneficiaryRepository(db, undefined, author),
      caseFiles: createCaseFileRepository(db, undefined, author),
      incomeProjects: createIncomeProjectRepository(db, undefined, author),
      ceremonies: createCeremonyRepository(db, undefined, author),
      consultations: createConsultationRepository(db, undefined, author),
      author,
      beneficiarySearch: createBeneficiarySearch(db),
    };
  }, [db, userId, displayName, role]);
  useEffect(
    () => () => {
      repositories?.beneficiarySearch.close();
    },
    [repositories],
  );
  const database = useMemo(() => (db ? { db, userId, replicaId } : null), [db, userId, replicaId]);
  if (!repositories || !database || storedCentresOf !== db) return null;
  return (
    <DatabaseContext.Provider value={database}>
      <LocalDataReportContext.Provider value={report}>
        <RepositoryContext.Provider value={repositories}>{children}</RepositoryContext.Provider>
      </LocalDataReportContext.Provider>
    </DatabaseContext.Provider>
  );
}

/** What the PC had to do about the user's sealed records this session (said by the shell). */
export function useLocalDataReport(): LocalDataReport {
  return useContext(LocalDataReportContext);
}

/** The replica id of this user on this PC, if the server gave the PC an id; undefined otherwise. */
export function replicaIdOf(deviceId: string | null, userId: string): string | undefined {
  if (deviceId === null) return undefined;
  try {
    const replicaId = formatReplicaId(deviceId, userId);
    return parseReplicaId(replicaId).ok ? replicaId : undefined;
  } catch {
    // A user id that is not a UUID (never from the server): keep the provisional replica.
    return undefined;
  }
}

export function useRepositories(): Repositories {
  const repositories = useContext(RepositoryContext);
  if (!repositories) throw new Error('useRepositories outside RepositoryProvider');
  return repositories;
}

/** For the sync engine only; screens use repositories and hooks. */
export function useUserDatabase(): UserDatabase {
  const database = useContext(DatabaseContext);
  if (!database) throw new Error('useUserDatabase outside RepositoryProvider');
  return database;
}

/**
 * The search service, re-rendering at each change of the beneficiaries (a save here, a pulled
 * page). `version` is undefined until the first read of the table has finished.
 */
export function useBeneficiarySearch(): { search: BeneficiarySearch; version: number | undefined } {
  const { beneficiarySearch } = useRepositories();
  const version = useSyncExternalStore(
    (listener) => beneficiarySearch.subscribe(listener),
    () => (beneficiarySearch.isReady() ? beneficiarySearch.version() : undefined),
  );
  return { search: beneficiarySearch, version };
}

/**
 * One beneficiary's case file, re-read at every committed change of its records (a save here, a
 * pulled page): undefined while reading, null when there is no such beneficiary.
 * `withDetention`: read the restricted record too (the caller checked the role may see it).
 */
export function useCaseFile(
  beneficiaryId: string,
  withDetention: boolean | ((centreId: string) => boolean),
): CaseFile | null | undefined {
  const { caseFiles } = useRepositories();
  return useLiveQuery(
    async () => (await caseFiles.load(beneficiaryId, withDetention)) ?? null,
    [caseFiles, beneficiaryId, withDetention],
  );
}

/** The beneficiaries with an overdue action (re-read when actions change); undefined while reading. */
export function useOverdueBeneficiaryIds(isWanted: boolean, today: string): Set<string> | undefined {
  const { caseFiles } = useRepositories();
  return useLiveQuery(
    async () => (isWanted ? caseFiles.overdueBeneficiaryIds(today) : new Set<string>()),
    [caseFiles, isWanted, today],
  );
}

/** The ceremonies, newest first, re-read at every change; undefined while reading. */
export function useCeremonyList(): CeremonyListItem[] | undefined {
  const { ceremonies } = useRepositories();
  return useLiveQuery(() => ceremonies.list(), [ceremonies]);
}

/** One ceremony with its list, receipts and summary: undefined while reading, null when absent. */
export function useCeremony(ceremonyId: string): CeremonyFile | null | undefined {
  const { ceremonies } = useRepositories();
  return useLiveQuery(async () => (await ceremonies.load(ceremonyId)) ?? null, [ceremonies, ceremonyId]);
}

/** The centres the account serves, as the PC keeps them (sign-in, pulls); undefined while reading. */
export function useCentres(): StoredCentre[] | undefined {
  const { db } = useUserDatabase();
  return useLiveQuery(() => db.centres.toArray(), [db]);
}
