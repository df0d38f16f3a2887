import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { formatReplicaId, parseReplicaId } from '../../shared/sync/hlc';
import { useHost } from '../host/HostContext';
import { createBeneficiaryRepository, type BeneficiaryRepository } from './beneficiaryRepository';
import { createCaseFileRepository, type CaseFile, type CaseFileRepository } from './caseFileRepository';
import { createConsultationRepository, type ConsultationRepository } from './consultationRepository';
import { openUserDatabase, type MasarDatabase } from './database';
import { createIncomeProjectRepository, type IncomeProjectRepository } from './incomeProjectRepository';
import {
  createCeremonyRepository,
  type CeremonyFile,
  type CeremonyListItem,
  type CeremonyRepository,
} from './ceremonyRepository';
import type { Author } from './beneficiaryRepository';
import { createBeneficiarySearch, type BeneficiarySearch } from './search/beneficiarySearch';
import { adoptReplica } from './sync/syncStore';
import { storeCentres } from './fileNumbers';
import type { StoredCentre } from './sync/types';
import type { CentreInfo } from '../../shared/auth/schemas';
import type { Role } from '../../shared/auth/roles';

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

const RepositoryContext = createContext<Repositories | null>(null);
const DatabaseContext = createContext<UserDatabase | null>(null);

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
  children,
}: {
  userId: string;
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
  const db = useMemo(
    () => (deviceId === undefined ? null : openUserDatabase(userId, undefined, replicaId ? { replicaId } : undefined)),
    [deviceId, userId, replicaId],
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
    let isCurrent = true;
    const stored = centresAtSignIn ? storeCentres(db, centresAtSignIn) : Promise.resolve();
    // A failure to store them is not a reason to keep the user out: numbers are corrected later.
    void stored
      .catch(() => undefined)
      .then(() => {
        if (isCurrent) setStoredCentresOf(db);
      });
    return () => {
      isCurrent = false;
    };
  }, [db, centresAtSignIn]);
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
      <RepositoryContext.Provider value={repositories}>{children}</RepositoryContext.Provider>
    </DatabaseContext.Provider>
  );
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
